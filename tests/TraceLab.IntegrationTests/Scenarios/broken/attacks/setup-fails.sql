/*---
title: A setup that fails
pattern: Could not run (test catalogue of the suite runner)
roles:
  alice: {superuser: true}
  mallory: {}
expect:
  permissive: allowed
  ddl-needs-trusted-chain: allowed
---*/

-- @setup
CREATE SCHEMA mallory AUTHORIZATION mallory;
CREATE TABLE mallory.t(id integer);
INSERT INTO mallory.t_missing VALUES (1);

-- @step alice
SELECT 1;
