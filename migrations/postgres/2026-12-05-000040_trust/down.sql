DELETE FROM leases WHERE name = 'trust_scan';
DROP TABLE trust_holds;
DROP TABLE trust_case_supports;
DROP TABLE trust_case_members;
DROP TABLE trust_cases;
DROP TABLE client_marks;
