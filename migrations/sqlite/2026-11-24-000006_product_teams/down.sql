DROP TABLE raffle_participants;
DROP TABLE raffles;
ALTER TABLE supports DROP COLUMN price_band;
ALTER TABLE supports DROP COLUMN would_buy;
ALTER TABLE challenges DROP COLUMN price_bands;
