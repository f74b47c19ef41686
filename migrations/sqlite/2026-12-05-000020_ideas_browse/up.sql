-- Browsing ideas: the "most discussed" order is keyset-paged on (comments_count, id) like "top" on
-- (supports_count, id); the product filter looks ideas up by the product they became.
CREATE INDEX ideas_discussed ON ideas (comments_count, id);
CREATE INDEX ideas_product_ref ON ideas (product_ref);
