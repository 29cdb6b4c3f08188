/*---
title: Trigger fired by an INSERT into another role's table
pattern: Trojan trigger on a table the victim writes to (CVE-2020-25695 family)
description: >
  mallory owns a table with a BEFORE INSERT trigger and grants INSERT to everyone. alice, a
  superuser, inserts one row; the trigger runs mallory's function with alice's rights, and the
  function makes mallory a superuser.
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
        culprit: {kind: trigger, object: trg_orders on mallory.t_orders, owner: mallory}
  no-untrusted-code-as-superuser:
    blocked: &trigger-function-call
      - command: EXECUTE FUNCTION
        culprit: {kind: trigger, object: trg_orders on mallory.t_orders, owner: mallory}
  strict-trusted-chain:
    blocked: *trigger-function-call
  strict-trusted-chain-membership:
    blocked: *trigger-function-call
  strict-trusted-chain-infrastructure:
    blocked: *trigger-function-call
  strict-trusted-chain-since-definer:
    blocked: *trigger-function-call
  sandbox-untrusted:
    blocked:
      - command: ALTER ROLE
        culprit: {kind: trigger, object: trg_orders on mallory.t_orders, owner: mallory}
---*/

-- @setup
CREATE SCHEMA mallory AUTHORIZATION mallory;
GRANT USAGE ON SCHEMA mallory TO PUBLIC;
SET ROLE mallory;
CREATE TABLE mallory.t_orders(id integer, note text);
CREATE FUNCTION mallory.trg_audit() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE 'ALTER ROLE mallory SUPERUSER';
    RETURN NEW;
END $$;
CREATE TRIGGER trg_orders BEFORE INSERT ON mallory.t_orders
    FOR EACH ROW EXECUTE FUNCTION mallory.trg_audit();
GRANT INSERT ON mallory.t_orders TO PUBLIC;
RESET ROLE;

-- @step alice
INSERT INTO mallory.t_orders VALUES (1, 'first order');
