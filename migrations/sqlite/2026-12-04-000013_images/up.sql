-- Uploaded pictures. Each is owned by the member who uploaded it and attached to at most one thing: an idea, a
-- product or a tip (subject_kind, subject_id, in position order; the first is the cover) or the member's own
-- avatar. Unattached images older than a day are deleted by the jobs; erasure of the owner deletes them.
CREATE TABLE images (
    id TEXT PRIMARY KEY NOT NULL,
    owner_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    alt TEXT NOT NULL,
    width INTEGER NOT NULL,
    height INTEGER NOT NULL,
    subject_kind TEXT,
    subject_id TEXT,
    position INTEGER NOT NULL DEFAULT 0,
    open_reports INTEGER NOT NULL DEFAULT 0,
    hidden_at TIMESTAMP,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX images_subject ON images (subject_kind, subject_id, position);
CREATE INDEX images_owner ON images (owner_id);
CREATE INDEX images_unattached ON images (created_at) WHERE subject_id IS NULL;

-- The re-encoded files of each image (thumb, medium, large), named by the hash of their bytes in the media
-- store. Two uploads of the same picture share files; a file is deleted when no row names it any more.
CREATE TABLE image_variants (
    image_id TEXT NOT NULL REFERENCES images (id) ON DELETE CASCADE,
    variant TEXT NOT NULL,
    file_key TEXT NOT NULL,
    width INTEGER NOT NULL,
    height INTEGER NOT NULL,
    content_type TEXT NOT NULL,
    bytes INTEGER NOT NULL,
    PRIMARY KEY (image_id, variant)
);
CREATE INDEX image_variants_key ON image_variants (file_key);

ALTER TABLE users ADD COLUMN avatar_image_id TEXT;
