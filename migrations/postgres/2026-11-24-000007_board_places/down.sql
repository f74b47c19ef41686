DROP INDEX users_suspended;
