/*---
title: A moving window aggregate runs its inverse transition function as the caller
pattern: "CREATE AGGREGATE … MSFUNC/MINVFUNC: in a sliding window frame the inverse transition function runs as the caller"
description: >
  mallory publishes mallory.running_total(), an aggregate with a moving-aggregate mode whose inverse
  transition function (MINVFUNC) is hers; it runs only when the aggregate is used as a window function
  over a sliding frame. alice, a superuser, computes a three-row moving total over her own table: as
  rows leave the frame, the inverse function runs with alice's rights and makes mallory a superuser.
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
        culprit: {kind: aggregate, object: mallory.running_total(numeric), owner: mallory}
  no-untrusted-code-as-superuser:
    blocked:
      - command: EXECUTE FUNCTION
        culprit: {kind: aggregate, object: mallory.running_total(numeric), owner: mallory}
  sandbox-untrusted:
    blocked:
      - command: ALTER ROLE
        culprit: {kind: aggregate, object: mallory.running_total(numeric), owner: mallory}
  strict-trusted-chain:
    blocked:
      - command: EXECUTE FUNCTION
        culprit: {kind: aggregate, object: mallory.running_total(numeric), owner: mallory}
  strict-trusted-chain-infrastructure:
    blocked:
      - command: EXECUTE FUNCTION
        culprit: {kind: aggregate, object: mallory.running_total(numeric), owner: mallory}
  strict-trusted-chain-membership:
    blocked:
      - command: EXECUTE FUNCTION
        culprit: {kind: aggregate, object: mallory.running_total(numeric), owner: mallory}
  strict-trusted-chain-since-definer:
    blocked:
      - command: EXECUTE FUNCTION
        culprit: {kind: aggregate, object: mallory.running_total(numeric), owner: mallory}
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
CREATE FUNCTION mallory.add_amount(s numeric, v numeric) RETURNS numeric LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
    RETURN coalesce(s, 0) + coalesce(v, 0);
END $$;
CREATE FUNCTION mallory.remove_amount(s numeric, v numeric) RETURNS numeric LANGUAGE plpgsql AS $$
BEGIN
    PERFORM mallory.f_escalate();
    RETURN s - coalesce(v, 0);
END $$;
CREATE AGGREGATE mallory.running_total(numeric) (
    SFUNC = mallory.add_amount, STYPE = numeric, INITCOND = '0',
    MSFUNC = mallory.add_amount, MINVFUNC = mallory.remove_amount, MSTYPE = numeric, MINITCOND = '0');
RESET ROLE;
SET ROLE alice;
CREATE TABLE alice.daily_revenue(day date, amount numeric);
INSERT INTO alice.daily_revenue SELECT date '2026-12-01' + g, g * 100 FROM generate_series(0, 6) g;
RESET ROLE;

-- @step alice
SELECT day, mallory.running_total(amount) OVER (ORDER BY day ROWS BETWEEN 2 PRECEDING AND CURRENT ROW)
FROM alice.daily_revenue ORDER BY day;
