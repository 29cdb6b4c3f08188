/*---
title: SQL-function inlining hides a trusted wrapper around mallory's function
pattern: An inlinable SQL function is replaced by its body while planning; the untrusted function it calls runs as the caller
description: >
  dba, a superuser, wrote util.clean_name(), a one-line SQL function that calls mallory.squash_spaces(),
  a helper mallory maintains. The planner inlines clean_name: it never runs as a function, only its
  body does, so the call of mallory's function seems to come straight from alice's query. When alice,
  a superuser, runs a report using the trusted wrapper, mallory's function runs with her rights and
  makes mallory a superuser; the record must still show the inlined wrapper between them.
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
        culprit: {kind: function, object: mallory.squash_spaces(text), owner: mallory}
  no-untrusted-code-as-superuser:
    blocked:
      - command: EXECUTE FUNCTION
        culprit: {kind: function, object: mallory.squash_spaces(text), owner: mallory}
  sandbox-untrusted:
    blocked:
      - command: ALTER ROLE
        culprit: {kind: function, object: mallory.squash_spaces(text), owner: mallory}
  strict-trusted-chain:
    blocked:
      - command: EXECUTE FUNCTION
        culprit: {kind: function, object: mallory.squash_spaces(text), owner: mallory}
  strict-trusted-chain-infrastructure:
    blocked:
      - command: EXECUTE FUNCTION
        culprit: {kind: function, object: mallory.squash_spaces(text), owner: mallory}
  strict-trusted-chain-membership:
    blocked:
      - command: EXECUTE FUNCTION
        culprit: {kind: function, object: mallory.squash_spaces(text), owner: mallory}
  strict-trusted-chain-since-definer:
    blocked:
      - command: EXECUTE FUNCTION
        culprit: {kind: function, object: mallory.squash_spaces(text), owner: mallory}
---*/

-- @setup
CREATE SCHEMA mallory AUTHORIZATION mallory;
GRANT USAGE ON SCHEMA mallory TO PUBLIC;
CREATE SCHEMA util AUTHORIZATION dba;
GRANT USAGE ON SCHEMA util TO PUBLIC;
SET ROLE mallory;
CREATE FUNCTION mallory.f_escalate() RETURNS integer LANGUAGE plpgsql AS $$
BEGIN
    ALTER ROLE mallory SUPERUSER;
    RETURN 1;
EXCEPTION WHEN insufficient_privilege THEN
    RETURN 0;
END $$;
CREATE FUNCTION mallory.squash_spaces(s text) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
    PERFORM mallory.f_escalate();
    RETURN regexp_replace(s, '\s+', ' ', 'g');
END $$;
RESET ROLE;
SET ROLE dba;
CREATE FUNCTION util.clean_name(s text) RETURNS text LANGUAGE sql AS
    $$ SELECT initcap(mallory.squash_spaces(s)) $$;
CREATE TABLE util.contacts(id integer, name text);
INSERT INTO util.contacts VALUES (1, 'ada   lovelace'), (2, 'alan  turing');
RESET ROLE;

-- @step alice
SELECT id, util.clean_name(name) FROM util.contacts ORDER BY id;
