-- A raffle's prizes by name (a JSON array of strings, in the order of the places; may be shorter than
-- the number of prizes, or empty).
ALTER TABLE raffles ADD COLUMN prize_names TEXT NOT NULL DEFAULT '[]';
