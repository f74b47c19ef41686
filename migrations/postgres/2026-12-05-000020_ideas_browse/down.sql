DROP INDEX ideas_product_ref;
DROP INDEX ideas_discussed;
