/*---
title: Expression index rebuilt by REINDEX as the table owner
pattern: REINDEX runs index expressions as the table owner (CVE-2022-1552); a function another role may replace turns it against that owner
description: >
  bob's invoices table has an expression index over mallory.invoice_year(), a helper from the shared
  schema mallory maintains; mallory later replaces its body. Since CVE-2022-1552 was fixed, REINDEX
  evaluates index expressions as the table owner inside a security-restricted operation, so it no
  longer hands the superuser's rights to the table owner; but when alice, a superuser, reindexes bob's
  table, mallory's code now runs with bob's rights and grants her read access to bob's payroll table.
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
        culprit: {kind: function, object: mallory.invoice_year(date), owner: mallory, phase: maintenance}
  no-untrusted-code-as-superuser: allowed
  sandbox-untrusted:
    blocked:
      - command: GRANT
        culprit: {kind: function, object: mallory.invoice_year(date), owner: mallory, phase: maintenance}
  strict-trusted-chain:
    blocked:
      - command: EXECUTE FUNCTION
        culprit: {kind: function, object: mallory.invoice_year(date), owner: mallory, phase: maintenance}
  strict-trusted-chain-infrastructure:
    blocked:
      - command: EXECUTE FUNCTION
        culprit: {kind: function, object: mallory.invoice_year(date), owner: mallory, phase: maintenance}
  strict-trusted-chain-membership:
    blocked:
      - command: EXECUTE FUNCTION
        culprit: {kind: function, object: mallory.invoice_year(date), owner: mallory, phase: maintenance}
  strict-trusted-chain-since-definer:
    blocked:
      - command: EXECUTE FUNCTION
        culprit: {kind: function, object: mallory.invoice_year(date), owner: mallory, phase: maintenance}
---*/

-- @setup
CREATE SCHEMA mallory AUTHORIZATION mallory;
CREATE SCHEMA bob AUTHORIZATION bob;
GRANT USAGE ON SCHEMA mallory TO PUBLIC;
SET ROLE mallory;
CREATE FUNCTION mallory.invoice_year(d date) RETURNS integer LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
    RETURN extract(year FROM d)::integer;
END $$;
RESET ROLE;
SET ROLE bob;
CREATE TABLE bob.payroll(employee text, salary numeric);
CREATE TABLE bob.invoices(id integer, issued date, total numeric);
INSERT INTO bob.invoices SELECT g, date '2026-01-01' + g, g * 10 FROM generate_series(1, 10) g;
CREATE INDEX invoices_year ON bob.invoices (mallory.invoice_year(issued));
RESET ROLE;

-- @step mallory
CREATE FUNCTION mallory.f_grab() RETURNS integer LANGUAGE plpgsql AS $$
BEGIN
    GRANT SELECT ON bob.payroll TO mallory;
    RETURN 1;
EXCEPTION WHEN insufficient_privilege THEN
    RETURN 0;
END $$;
CREATE OR REPLACE FUNCTION mallory.invoice_year(d date) RETURNS integer LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
    PERFORM mallory.f_grab();
    RETURN extract(year FROM d)::integer;
END $$;

-- @step alice
REINDEX TABLE bob.invoices;
