/*---
title: Column default calling the table owner's function
pattern: Trojan column default on a table the victim inserts into (CVE-2020-25695 family)
description: >
  mallory owns a shared orders table whose reference column defaults to
  mallory.next_reference() and lets every role insert into it. alice, a superuser, inserts
  an order without giving a reference; the default expression runs mallory's function with
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
        culprit: {kind: default, object: default of mallory.orders.reference, owner: mallory}
  no-untrusted-code-as-superuser:
    blocked:
      - command: EXECUTE FUNCTION
        culprit: {kind: default, object: default of mallory.orders.reference, owner: mallory}
  strict-trusted-chain:
    blocked:
      - command: EXECUTE FUNCTION
        culprit: {kind: default, object: default of mallory.orders.reference, owner: mallory}
  strict-trusted-chain-infrastructure:
    blocked:
      - command: EXECUTE FUNCTION
        culprit: {kind: default, object: default of mallory.orders.reference, owner: mallory}
  strict-trusted-chain-membership:
    blocked:
      - command: EXECUTE FUNCTION
        culprit: {kind: default, object: default of mallory.orders.reference, owner: mallory}
  strict-trusted-chain-since-definer:
    blocked:
      - command: EXECUTE FUNCTION
        culprit: {kind: default, object: default of mallory.orders.reference, owner: mallory}
  sandbox-untrusted:
    blocked:
      - command: ALTER ROLE
        culprit: {kind: default, object: default of mallory.orders.reference, owner: mallory}
---*/

-- @setup
CREATE SCHEMA mallory AUTHORIZATION mallory;
GRANT USAGE ON SCHEMA mallory TO PUBLIC;
SET ROLE mallory;
CREATE FUNCTION mallory.next_reference() RETURNS text
LANGUAGE plpgsql AS $$
BEGIN
  IF (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
    ALTER ROLE mallory SUPERUSER;
  END IF;
  RETURN 'ORD-' || to_char(clock_timestamp(), 'YYYYMMDDHH24MISSUS');
END $$;
CREATE TABLE mallory.orders (
  reference text NOT NULL DEFAULT mallory.next_reference(),
  amount numeric NOT NULL
);
GRANT INSERT ON mallory.orders TO PUBLIC;
RESET ROLE;

-- @step alice
INSERT INTO mallory.orders (amount) VALUES (42.00);
