/*---
title: A superuser's schema migration for several application roles
pattern: Benign DDL by a superuser creating and handing over objects to other roles
description: >
  dba, a superuser, runs a release migration: a schema for the billing application owned by its
  owner role, tables, an index, a view, grants to the reporting role, a column default from a function
  dba writes, and a backfill. Every object the migration uses is dba's own or built in; no policy that
  trusts the executing user should object.
roles:
  dba: {superuser: true}
  billing: {login: false}
  reporting: {login: false}
expect: {permissive: allowed, ddl-needs-trusted-chain: allowed, no-untrusted-code-as-superuser: allowed, sandbox-untrusted: allowed, strict-trusted-chain: allowed, strict-trusted-chain-infrastructure: allowed,
  strict-trusted-chain-membership: allowed, strict-trusted-chain-since-definer: allowed}
---*/

-- @setup
SELECT 1;

-- @step dba
BEGIN;
CREATE SCHEMA billing AUTHORIZATION billing;
CREATE TABLE billing.invoices(id bigserial PRIMARY KEY, number bigint, customer text NOT NULL,
                              total numeric(12, 2) NOT NULL DEFAULT 0, issued date NOT NULL DEFAULT current_date);
CREATE FUNCTION billing.next_invoice_number() RETURNS bigint LANGUAGE sql
    AS $$ SELECT coalesce(max(number), 1000) + 1 FROM billing.invoices $$;
ALTER TABLE billing.invoices ALTER COLUMN number SET DEFAULT billing.next_invoice_number();
CREATE INDEX invoices_customer ON billing.invoices (lower(customer));
CREATE VIEW billing.monthly AS
    SELECT date_trunc('month', issued) AS month, count(*) AS invoices, sum(total) AS total
    FROM billing.invoices GROUP BY 1;
INSERT INTO billing.invoices(customer, total) VALUES ('Ada Lovelace', 120.00), ('Alan Turing', 80.50);
ALTER TABLE billing.invoices OWNER TO billing;
ALTER VIEW billing.monthly OWNER TO billing;
GRANT USAGE ON SCHEMA billing TO reporting;
GRANT SELECT ON billing.monthly TO reporting;
COMMIT;
ANALYZE billing.invoices;
