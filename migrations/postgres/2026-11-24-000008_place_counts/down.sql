DROP TABLE point_counts;
