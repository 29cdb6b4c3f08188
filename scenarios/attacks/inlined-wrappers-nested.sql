/*---
title: An inlined SQL wrapper inlines another, whose body runs another role's function
pattern: Nested SQL-function inlining; two wrappers vanish from the plan, one inside the other
description: >
  dba's util.display_name() is a one-line SQL function that calls util.clean_name(), another
  one-line SQL function, which calls mallory.squash_spaces(). The planner inlines display_name
  and then clean_name inside its body, so only mallory's function runs, with alice's rights, and
  makes mallory a superuser. The record must keep both inlined wrappers, outer first.
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
CREATE FUNCTION util.display_name(s text) RETURNS text LANGUAGE sql AS
    $$ SELECT util.clean_name(s) || '' $$;
CREATE TABLE util.contacts(id integer, name text);
INSERT INTO util.contacts VALUES (1, 'ada   lovelace');
RESET ROLE;

-- @step alice
SELECT id, util.display_name(name) FROM util.contacts;
