DROP TABLE fan_vote_ballots;
DROP TABLE fan_vote_finalists;
DROP TABLE fan_votes;
DROP TABLE staff_picks;
