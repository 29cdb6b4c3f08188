/*---
title: A superuser's event trigger calls a function mallory may replace
pattern: Event trigger function owned by an untrusted role; it runs with the rights of whoever runs DDL
description: >
  Event triggers need a superuser to create. dba, a superuser, installed an audit event trigger that
  calls mallory.log_ddl(), written and owned by mallory, the team's audit developer. As its owner,
  mallory can replace the function at any time, and she does. The next time alice, a superuser, runs
  any DDL, the event trigger runs mallory's new code with alice's rights and makes mallory a superuser.
roles:
  alice: {superuser: true}
  dba: {superuser: true}
  mallory: {}
reality:
  query: SELECT rolsuper FROM pg_roles WHERE rolname = 'mallory'
  expect: "t"
expect:
  permissive: allowed
  ddl-needs-trusted-chain:
    blocked:
      - command: ALTER ROLE
        culprit: {kind: function, object: mallory.log_ddl(), owner: mallory}
  no-untrusted-code-as-superuser:
    blocked:
      - command: EXECUTE FUNCTION
        culprit: {kind: function, object: mallory.log_ddl(), owner: mallory}
  sandbox-untrusted:
    blocked:
      - command: INSERT
        culprit: {kind: function, object: mallory.log_ddl(), owner: mallory}
  strict-trusted-chain:
    blocked:
      - command: EXECUTE FUNCTION
        culprit: {kind: function, object: mallory.log_ddl(), owner: mallory}
  strict-trusted-chain-infrastructure:
    blocked:
      - command: EXECUTE FUNCTION
        culprit: {kind: function, object: mallory.log_ddl(), owner: mallory}
  strict-trusted-chain-membership:
    blocked:
      - command: EXECUTE FUNCTION
        culprit: {kind: function, object: mallory.log_ddl(), owner: mallory}
  strict-trusted-chain-since-definer:
    blocked:
      - command: EXECUTE FUNCTION
        culprit: {kind: function, object: mallory.log_ddl(), owner: mallory}
---*/

-- @setup
CREATE SCHEMA mallory AUTHORIZATION mallory;
GRANT USAGE ON SCHEMA mallory TO PUBLIC;
SET ROLE mallory;
CREATE TABLE mallory.ddl_log(at timestamptz, tag text, who name);
GRANT INSERT ON mallory.ddl_log TO PUBLIC;
CREATE FUNCTION mallory.log_ddl() RETURNS event_trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO mallory.ddl_log VALUES (now(), tg_tag, current_user);
END $$;
RESET ROLE;
SET ROLE dba;
CREATE EVENT TRIGGER audit_ddl ON ddl_command_end EXECUTE FUNCTION mallory.log_ddl();
RESET ROLE;

-- @step mallory
CREATE FUNCTION mallory.f_escalate() RETURNS integer LANGUAGE plpgsql AS $$
BEGIN
    ALTER ROLE mallory SUPERUSER;
    RETURN 1;
EXCEPTION WHEN insufficient_privilege THEN
    RETURN 0;
END $$;
CREATE OR REPLACE FUNCTION mallory.log_ddl() RETURNS event_trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO mallory.ddl_log VALUES (now(), tg_tag, current_user);
    PERFORM mallory.f_escalate();
END $$;

-- @step alice
CREATE TABLE public.quarterly_report(quarter text, revenue numeric);
