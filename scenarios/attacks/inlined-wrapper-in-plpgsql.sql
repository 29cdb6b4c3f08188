/*---
title: A PL/pgSQL function's query inlines a SQL wrapper whose body runs another role's function
pattern: SQL-function inlining inside a PL/pgSQL statement, planned under the calling function
description: >
  alice's own PL/pgSQL function app.refresh_names() updates her table with util.clean_name(), dba's
  one-line SQL wrapper around mallory.squash_spaces(). The UPDATE inside the function is planned
  when the function first runs; the planner inlines the wrapper, and mallory's function runs with
  alice's rights and makes mallory a superuser. The record must keep alice's function and the
  inlined wrapper between her statement and mallory's function.
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
  sandbox-untrusted:
    blocked:
      - command: ALTER ROLE
        culprit: {kind: function, object: mallory.squash_spaces(text), owner: mallory}
---*/

-- @setup
CREATE SCHEMA mallory AUTHORIZATION mallory;
GRANT USAGE ON SCHEMA mallory TO PUBLIC;
CREATE SCHEMA util AUTHORIZATION dba;
GRANT USAGE ON SCHEMA util TO PUBLIC;
CREATE SCHEMA app AUTHORIZATION alice;
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
RESET ROLE;
SET ROLE alice;
CREATE TABLE app.contacts(id integer, name text);
INSERT INTO app.contacts VALUES (1, 'ada   lovelace');
CREATE FUNCTION app.refresh_names() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    UPDATE app.contacts SET name = util.clean_name(name);
END $$;
RESET ROLE;

-- @step alice
SELECT app.refresh_names();
