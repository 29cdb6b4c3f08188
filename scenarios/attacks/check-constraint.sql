/*---
title: CHECK constraint calling the table owner's function
pattern: Trojan CHECK constraint on a table the victim writes (CVE-2020-25695 family)
description: >
  mallory owns a shared bookings table with CHECK (mallory.valid_slot(starts_at)) and lets
  every role insert into it. alice, a superuser, books a slot; checking the constraint runs
  mallory's function with alice's rights.
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
        culprit: {kind: check_constraint, object: check constraint slot_on_the_half_hour on mallory.bookings, owner: mallory}
  no-untrusted-code-as-superuser:
    blocked:
      - command: EXECUTE FUNCTION
        culprit: {kind: check_constraint, object: check constraint slot_on_the_half_hour on mallory.bookings, owner: mallory}
  strict-trusted-chain:
    blocked:
      - command: EXECUTE FUNCTION
        culprit: {kind: check_constraint, object: check constraint slot_on_the_half_hour on mallory.bookings, owner: mallory}
  strict-trusted-chain-infrastructure:
    blocked:
      - command: EXECUTE FUNCTION
        culprit: {kind: check_constraint, object: check constraint slot_on_the_half_hour on mallory.bookings, owner: mallory}
  strict-trusted-chain-membership:
    blocked:
      - command: EXECUTE FUNCTION
        culprit: {kind: check_constraint, object: check constraint slot_on_the_half_hour on mallory.bookings, owner: mallory}
  strict-trusted-chain-since-definer:
    blocked:
      - command: EXECUTE FUNCTION
        culprit: {kind: check_constraint, object: check constraint slot_on_the_half_hour on mallory.bookings, owner: mallory}
  sandbox-untrusted:
    blocked:
      - command: ALTER ROLE
        culprit: {kind: check_constraint, object: check constraint slot_on_the_half_hour on mallory.bookings, owner: mallory}
---*/

-- @setup
CREATE SCHEMA mallory AUTHORIZATION mallory;
GRANT USAGE ON SCHEMA mallory TO PUBLIC;
SET ROLE mallory;
CREATE FUNCTION mallory.valid_slot(timestamptz) RETURNS boolean
LANGUAGE plpgsql AS $$
BEGIN
  IF (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
    ALTER ROLE mallory SUPERUSER;
  END IF;
  RETURN extract(minute FROM $1) IN (0, 30);
END $$;
CREATE TABLE mallory.bookings (
  room text NOT NULL,
  starts_at timestamptz NOT NULL CONSTRAINT slot_on_the_half_hour CHECK (mallory.valid_slot(starts_at))
);
GRANT INSERT ON mallory.bookings TO PUBLIC;
RESET ROLE;

-- @step alice
INSERT INTO mallory.bookings VALUES ('blue room', '2026-12-08 10:30+00');
