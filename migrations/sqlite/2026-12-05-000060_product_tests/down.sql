ALTER TABLE ratings DROP COLUMN product_test_id;
DROP TABLE product_test_reports;
DROP TABLE product_test_applications;
DROP TABLE product_tests;
