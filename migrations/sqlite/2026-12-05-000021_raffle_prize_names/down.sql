ALTER TABLE raffles DROP COLUMN prize_names;
