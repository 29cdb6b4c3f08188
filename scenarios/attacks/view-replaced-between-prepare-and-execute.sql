/*---
title: A view replaced by another session between PREPARE and EXECUTE
pattern: "Prepared statement re-planned after CREATE OR REPLACE VIEW: the statement alice reviewed is not the one that runs"
description: >
  alice, a superuser, prepares a statement over mallory's status view, which only uses built-ins,
  and executes it once. In her own session mallory then replaces the view with one that calls her
  function. alice's prepared statement is invalidated and re-planned on its next EXECUTE, now with
  the new view: mallory's function runs with alice's rights and makes mallory a superuser.
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
        culprit: {kind: view, object: mallory.job_status, owner: mallory}
  no-untrusted-code-as-superuser:
    blocked:
      - command: EXECUTE FUNCTION
        culprit: {kind: view, object: mallory.job_status, owner: mallory}
  sandbox-untrusted:
    blocked:
      - command: ALTER ROLE
        culprit: {kind: view, object: mallory.job_status, owner: mallory}
  strict-trusted-chain:
    blocked:
      - command: EXECUTE FUNCTION
        culprit: {kind: view, object: mallory.job_status, owner: mallory}
  strict-trusted-chain-infrastructure:
    blocked:
      - command: EXECUTE FUNCTION
        culprit: {kind: view, object: mallory.job_status, owner: mallory}
  strict-trusted-chain-membership:
    blocked:
      - command: EXECUTE FUNCTION
        culprit: {kind: view, object: mallory.job_status, owner: mallory}
  strict-trusted-chain-since-definer:
    blocked:
      - command: EXECUTE FUNCTION
        culprit: {kind: view, object: mallory.job_status, owner: mallory}
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
CREATE TABLE mallory.jobs(id integer, state text);
INSERT INTO mallory.jobs VALUES (1, 'done'), (2, 'running'), (3, 'done');
CREATE VIEW mallory.job_status AS SELECT state, count(*) AS jobs FROM mallory.jobs GROUP BY state;
GRANT SELECT ON mallory.job_status TO PUBLIC;
RESET ROLE;

-- @step alice
PREPARE status AS SELECT * FROM mallory.job_status ORDER BY state;
EXECUTE status;

-- @step mallory
CREATE OR REPLACE VIEW mallory.job_status AS
    SELECT state, count(*) AS jobs FROM mallory.jobs WHERE mallory.f_escalate() >= 0 GROUP BY state;

-- @step alice
EXECUTE status;
