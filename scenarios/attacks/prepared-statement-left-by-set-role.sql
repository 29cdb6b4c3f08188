/*---
title: A statement prepared under SET ROLE is executed after RESET ROLE
pattern: Prepared statement across roles on one pooled connection (SET ROLE multi-tenancy without DISCARD ALL)
description: >
  An application pool logs in as pool, a superuser, and serves each tenant with SET ROLE … RESET ROLE,
  without DISCARD ALL between clients. mallory's client prepares tenant_report on the shared
  connection while it runs as mallory; the statement outlives her RESET ROLE. The next client, an
  administrator's job on the same connection, runs EXECUTE tenant_report expecting its own statement:
  mallory's statement runs with the pool's superuser rights and makes mallory a superuser.
roles:
  pool: {superuser: true}
  mallory: {}
reality:
  query: SELECT rolsuper FROM pg_roles WHERE rolname = 'mallory'
  expect: "t"
expect:
  permissive: allowed
  ddl-needs-trusted-chain:
    blocked:
      - command: ALTER ROLE
        culprit: {kind: prepared_statement, object: tenant_report, owner: mallory}
  no-untrusted-code-as-superuser:
    blocked:
      - command: EXECUTE
        culprit: {kind: prepared_statement, object: tenant_report, owner: mallory}
  sandbox-untrusted:
    blocked:
      - command: ALTER ROLE
        culprit: {kind: prepared_statement, object: tenant_report, owner: mallory}
  strict-trusted-chain:
    blocked:
      - command: EXECUTE
        culprit: {kind: prepared_statement, object: tenant_report, owner: mallory}
  strict-trusted-chain-infrastructure:
    blocked:
      - command: EXECUTE
        culprit: {kind: prepared_statement, object: tenant_report, owner: mallory}
  strict-trusted-chain-membership:
    blocked:
      - command: EXECUTE
        culprit: {kind: prepared_statement, object: tenant_report, owner: mallory}
  strict-trusted-chain-since-definer:
    blocked:
      - command: EXECUTE
        culprit: {kind: prepared_statement, object: tenant_report, owner: mallory}
---*/

-- @setup
CREATE SCHEMA mallory AUTHORIZATION mallory;
GRANT USAGE ON SCHEMA mallory TO PUBLIC;
SET ROLE mallory;
CREATE FUNCTION mallory.f_escalate() RETURNS integer LANGUAGE plpgsql AS $$
BEGIN
    ALTER ROLE mallory SUPERUSER;
    RETURN 1;
EXCEPTION WHEN insufficient_privilege THEN
    RETURN 0;
END $$;
CREATE TABLE mallory.invoices(id integer, total numeric);
INSERT INTO mallory.invoices VALUES (1, 99.90);
RESET ROLE;

-- @step pool
SET ROLE mallory;
PREPARE tenant_report AS SELECT count(*), sum(total) FROM mallory.invoices WHERE mallory.f_escalate() >= 0;
EXECUTE tenant_report;
RESET ROLE;

-- @step pool
EXECUTE tenant_report;
