/*---
title: Selectivity estimation runs an operator's function while planning
pattern: "Plan-time execution: an operator whose RESTRICT estimator (eqsel) compares the constant with the column's most common values by calling the operator's function"
description: >
  mallory offers a "same account" operator ===, whose function is hers and whose restriction
  estimator is the built-in eqsel. Once her table has statistics, the planner estimates
  `account === constant` by calling the operator's function on each most common value of the column:
  alice, a superuser, asks only for the plan (EXPLAIN, no ANALYZE), and mallory's function runs with
  her rights while planning and makes mallory a superuser.
roles:
  alice: {superuser: true}
  mallory: {}
reality:
  query: SELECT rolsuper FROM pg_roles WHERE rolname = 'mallory'
  expect: "t"
# Known gap: when the same operator is executed, the chain has the operator entry and it is the
# culprit. The estimator calls the operator's function without the operator in sight (no call
# expression), so today's recording names the function, owned by the same role: every policy still
# blocks the same operations. When the probe learns to attribute estimator calls, the culprit below
# becomes {kind: operator, object: 'mallory.===(integer, integer)', owner: mallory}.
expect:
  permissive: allowed
  ddl-needs-trusted-chain:
    blocked:
      - command: ALTER ROLE
        culprit: {kind: function, object: 'mallory.same_account(integer, integer)', owner: mallory, phase: planning}
  no-untrusted-code-as-superuser:
    blocked:
      - command: EXECUTE FUNCTION
        culprit: {kind: function, object: 'mallory.same_account(integer, integer)', owner: mallory, phase: planning}
  sandbox-untrusted:
    blocked:
      - command: ALTER ROLE
        culprit: {kind: function, object: 'mallory.same_account(integer, integer)', owner: mallory, phase: planning}
  strict-trusted-chain:
    blocked:
      - command: EXECUTE FUNCTION
        culprit: {kind: function, object: 'mallory.same_account(integer, integer)', owner: mallory, phase: planning}
  strict-trusted-chain-infrastructure:
    blocked:
      - command: EXECUTE FUNCTION
        culprit: {kind: function, object: 'mallory.same_account(integer, integer)', owner: mallory, phase: planning}
  strict-trusted-chain-membership:
    blocked:
      - command: EXECUTE FUNCTION
        culprit: {kind: function, object: 'mallory.same_account(integer, integer)', owner: mallory, phase: planning}
  strict-trusted-chain-since-definer:
    blocked:
      - command: EXECUTE FUNCTION
        culprit: {kind: function, object: 'mallory.same_account(integer, integer)', owner: mallory, phase: planning}
---*/

-- @setup
CREATE SCHEMA mallory AUTHORIZATION mallory;
GRANT USAGE ON SCHEMA mallory TO PUBLIC;
SET ROLE mallory;
CREATE FUNCTION mallory.f_escalate() RETURNS integer LANGUAGE plpgsql AS $$
BEGIN
    ALTER ROLE mallory SUPERUSER;
    RETURN 1;
EXCEPTION WHEN insufficient_privilege THEN
    RETURN 0;
END $$;
CREATE FUNCTION mallory.same_account(a integer, b integer) RETURNS boolean LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
    PERFORM mallory.f_escalate();
    RETURN a = b;
END $$;
CREATE OPERATOR mallory.=== (LEFTARG = integer, RIGHTARG = integer, FUNCTION = mallory.same_account,
                             RESTRICT = eqsel);
CREATE TABLE mallory.transfers(id integer, account integer, amount numeric);
INSERT INTO mallory.transfers SELECT g, g % 4, g FROM generate_series(1, 40) g;
ANALYZE mallory.transfers;
GRANT SELECT ON mallory.transfers TO PUBLIC;
RESET ROLE;

-- @step alice
EXPLAIN SELECT * FROM mallory.transfers WHERE account OPERATOR(mallory.===) 2;
