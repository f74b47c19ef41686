DROP TABLE challenge_news;
