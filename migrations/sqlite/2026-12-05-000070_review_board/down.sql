DROP TABLE review_memos;
DROP TABLE review_assignments;
DROP TABLE review_criteria;
DROP TABLE idea_feedback;
