ALTER TABLE users DROP COLUMN avatar_image_id;
DROP TABLE image_variants;
DROP TABLE images;
