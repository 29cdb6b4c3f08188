/*---
title: A superuser switches to a role with SET ROLE and runs that role's function
pattern: "Benign SET ROLE, code runs as its own owner after an explicit role switch"
description: >
  alice, a superuser, administers bob's schema as bob: SET ROLE bob, then bob's function
  bob.rotate_log() creates the next log table. After the switch the current user is bob, the
  function's owner, so the DDL runs with bob's rights and on nobody else's behalf; the chain
  records the switch.
roles:
  alice: {superuser: true}
  bob: {}
reality:
  query: SELECT tableowner FROM pg_tables WHERE schemaname = 'bob' AND tablename = 'log_2'
  expect: bob
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
CREATE FUNCTION bob.rotate_log() RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  CREATE TABLE bob.log_2 (at timestamptz, line text);
END $$;
RESET ROLE;

-- @step alice
SET ROLE bob;
SELECT bob.rotate_log();
RESET ROLE;
