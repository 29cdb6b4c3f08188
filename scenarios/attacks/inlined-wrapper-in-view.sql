/*---
title: A view calls an inlined SQL wrapper whose body runs another role's function
pattern: SQL-function inlining inside a view; the wrapper never runs, its body runs as the reader
description: >
  dba's view util.v_contacts formats names with util.clean_name(), a one-line SQL function that
  calls mallory.squash_spaces(). The rewriter expands the view into alice's query and the planner
  then inlines clean_name, so neither the view nor the wrapper runs as such: only mallory's function
  does, with alice's rights, and makes mallory a superuser. The record must keep the view and the
  inlined wrapper between alice's query and mallory's function.
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
INSERT INTO util.contacts VALUES (1, 'ada   lovelace');
CREATE VIEW util.v_contacts AS SELECT id, util.clean_name(name) AS name FROM util.contacts;
GRANT SELECT ON util.v_contacts TO PUBLIC;
RESET ROLE;

-- @step alice
SELECT * FROM util.v_contacts;
