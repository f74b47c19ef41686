DROP TABLE product_follows;
DROP TABLE answer_helpful;
DROP TABLE answers;
DROP TABLE questions;
