/*---
title: Trusted view calling an untrusted function
pattern: Trojan function behind a view (CVE-2020-25695 family); the view's owner is trusted, the function's owner is not
description: >
  carol, a superuser and so trusted by everyone, publishes a view that calls a helper function she
  did not write: mallory owns it and grants EXECUTE to everyone. alice, a superuser, reads the view;
  the function runs with alice's rights and makes mallory a superuser. The chain is alice's SELECT,
  then carol's trusted view, then mallory's function: a policy must look past the view's owner to
  find the culprit.
roles:
  alice: {superuser: true}
  carol: {superuser: true}
  mallory: {}
reality:
  query: SELECT rolsuper FROM pg_roles WHERE rolname = 'mallory'
  expect: "t"
expect:
  permissive: allowed
  ddl-needs-trusted-chain:
    blocked: &alter-role
      - command: ALTER ROLE
        culprit: {kind: function, object: mallory.f_format(integer), owner: mallory}
  no-untrusted-code-as-superuser:
    blocked: &function-call
      - command: EXECUTE FUNCTION
        culprit: {kind: function, object: mallory.f_format(integer), owner: mallory}
  strict-trusted-chain:
    blocked: *function-call
  strict-trusted-chain-membership:
    blocked: *function-call
  strict-trusted-chain-infrastructure:
    blocked: *function-call
  strict-trusted-chain-since-definer:
    blocked: *function-call
  sandbox-untrusted:
    blocked: *alter-role
---*/

-- @setup
CREATE SCHEMA mallory AUTHORIZATION mallory;
CREATE SCHEMA carol AUTHORIZATION carol;
GRANT USAGE ON SCHEMA mallory, carol TO PUBLIC;
SET ROLE mallory;
CREATE FUNCTION mallory.f_format(i integer) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE 'ALTER ROLE mallory SUPERUSER';
    RETURN i::text;
END $$;
GRANT EXECUTE ON FUNCTION mallory.f_format(integer) TO PUBLIC;
RESET ROLE;
SET ROLE carol;
CREATE TABLE carol.t_items(id integer);
INSERT INTO carol.t_items VALUES (1);
CREATE VIEW carol.v_items AS SELECT id, mallory.f_format(id) AS label FROM carol.t_items;
GRANT SELECT ON carol.v_items TO PUBLIC;
RESET ROLE;

-- @step alice
SELECT * FROM carol.v_items;
