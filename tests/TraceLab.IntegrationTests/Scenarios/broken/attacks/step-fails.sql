/*---
title: A step whose error is not allowed
pattern: Could not run (test catalogue of the suite runner)
roles:
  mallory: {}
expect:
  permissive: allowed
  ddl-needs-trusted-chain: allowed
---*/

-- @step mallory
SELECT 1;
ALTER ROLE mallory SUPERUSER;
