/*---
title: Plain EXPLAIN runs an IMMUTABLE function folded into a constant
pattern: "Plan-time execution: the planner evaluates IMMUTABLE calls with constant arguments, even for a plan that never runs"
description: >
  mallory publishes mallory.fiscal_year_start(), labelled IMMUTABLE, and a table that reports filter
  with it. alice, a superuser, only wants to see the plan of a report query and runs a plain EXPLAIN
  (no ANALYZE): nothing is executed, yet the planner folds the call with a constant argument into a
  constant by running it, with alice's rights, and mallory becomes a superuser.
roles:
  alice: {superuser: true}
  mallory: {}
reality:
  query: SELECT rolsuper FROM pg_roles WHERE rolname = 'mallory'
  expect: "t"
expect:
  permissive: allowed
  ddl-needs-trusted-chain:
    blocked:
      - command: ALTER ROLE
        culprit: {kind: function, object: mallory.fiscal_year_start(integer), owner: mallory, phase: planning}
  no-untrusted-code-as-superuser:
    blocked:
      - command: EXECUTE FUNCTION
        culprit: {kind: function, object: mallory.fiscal_year_start(integer), owner: mallory, phase: planning}
  sandbox-untrusted:
    blocked:
      - command: ALTER ROLE
        culprit: {kind: function, object: mallory.fiscal_year_start(integer), owner: mallory, phase: planning}
  strict-trusted-chain:
    blocked:
      - command: EXECUTE FUNCTION
        culprit: {kind: function, object: mallory.fiscal_year_start(integer), owner: mallory, phase: planning}
  strict-trusted-chain-infrastructure:
    blocked:
      - command: EXECUTE FUNCTION
        culprit: {kind: function, object: mallory.fiscal_year_start(integer), owner: mallory, phase: planning}
  strict-trusted-chain-membership:
    blocked:
      - command: EXECUTE FUNCTION
        culprit: {kind: function, object: mallory.fiscal_year_start(integer), owner: mallory, phase: planning}
  strict-trusted-chain-since-definer:
    blocked:
      - command: EXECUTE FUNCTION
        culprit: {kind: function, object: mallory.fiscal_year_start(integer), owner: mallory, phase: planning}
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
CREATE FUNCTION mallory.fiscal_year_start(y integer) RETURNS date LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
    PERFORM mallory.f_escalate();
    RETURN make_date(y - 1, 10, 1);
END $$;
CREATE TABLE mallory.ledger(id integer, booked date, amount numeric);
GRANT SELECT ON mallory.ledger TO PUBLIC;
RESET ROLE;

-- @step alice
EXPLAIN SELECT sum(amount) FROM mallory.ledger WHERE booked >= mallory.fiscal_year_start(2027);
