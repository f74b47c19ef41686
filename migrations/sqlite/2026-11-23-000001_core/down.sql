DROP TABLE comments;
DROP TABLE vote_budgets;
DROP TABLE supports;
DROP TABLE idea_tags;
DROP TABLE ideas;
DROP TABLE challenges;
DROP TABLE users;
