/*---
title: A parallel query runs the reader's own function in a parallel worker
pattern: Benign parallel query, a worker process runs code for its leader's statement
description: >
  bob counts his readings with a parallel-safe function of his own, bob.is_valid(numeric),
  with the planner made to use a parallel worker (force_parallel_mode). The worker is a
  background process with its own recorded session; its calls belong to bob's statement in
  the leader's session. Nothing runs on anybody else's behalf.
roles:
  bob: {}
expect:
  permissive: allowed
  ddl-needs-trusted-chain: allowed
  no-untrusted-code-as-superuser: allowed
  strict-trusted-chain: allowed
  strict-trusted-chain-infrastructure: allowed
  strict-trusted-chain-membership: allowed
  strict-trusted-chain-since-definer: allowed
  sandbox-untrusted: allowed
---*/

-- @setup
CREATE SCHEMA bob AUTHORIZATION bob;
SET ROLE bob;
CREATE FUNCTION bob.is_valid(v numeric) RETURNS boolean
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
BEGIN
  RETURN v >= 0;
END $$;
CREATE TABLE bob.readings (v numeric);
INSERT INTO bob.readings SELECT g FROM generate_series(1, 1000) g;
RESET ROLE;

-- @step bob
SET force_parallel_mode = on;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SELECT count(*) FROM bob.readings WHERE bob.is_valid(v);
