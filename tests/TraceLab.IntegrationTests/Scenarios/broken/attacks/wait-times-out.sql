/*---
title: A wait that never comes true
pattern: Could not run (test catalogue of the suite runner)
roles:
  mallory: {}
expect:
  permissive: allowed
  ddl-needs-trusted-chain: allowed
---*/

-- @step mallory
SELECT 1;

-- @wait timeout=1
SELECT false;
