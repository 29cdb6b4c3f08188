/*---
title: REFRESH MATERIALIZED VIEW runs the view's query as its owner
pattern: "Security-restricted operation: REFRESH MATERIALIZED VIEW runs the query as the view's owner (CVE-2020-25695, CVE-2022-1552)"
protected_by: "security-restricted operation (REFRESH MATERIALIZED VIEW runs the query as the view's owner)"
description: >
  mallory's materialized view calls a function of hers that tries to make her a superuser. alice, a
  superuser, refreshes it during nightly maintenance. PostgreSQL runs the view's query as its owner
  mallory inside a security-restricted operation, so the function has only mallory's rights: the
  ALTER ROLE fails, the refresh fails with it, and mallory stays an ordinary role. The chain of the
  attempt is on record.
roles:
  alice: {superuser: true}
  mallory: {}
reality:
  query: SELECT rolsuper FROM pg_roles WHERE rolname = 'mallory'
  expect: "f"
expect: {permissive: allowed, ddl-needs-trusted-chain: allowed, no-untrusted-code-as-superuser: allowed, sandbox-untrusted: allowed, strict-trusted-chain: allowed, strict-trusted-chain-infrastructure: allowed,
  strict-trusted-chain-membership: allowed, strict-trusted-chain-since-definer: allowed}
---*/

-- @setup
CREATE SCHEMA mallory AUTHORIZATION mallory;
GRANT USAGE ON SCHEMA mallory TO PUBLIC;
SET ROLE mallory;
CREATE FUNCTION mallory.f_escalate() RETURNS integer LANGUAGE plpgsql AS $$
BEGIN
    ALTER ROLE mallory SUPERUSER;
    RETURN 1;
END $$;
CREATE TABLE mallory.page_views(page text, at timestamptz);
INSERT INTO mallory.page_views VALUES ('/home', now()), ('/pricing', now()), ('/home', now());
CREATE MATERIALIZED VIEW mallory.page_counts AS
    SELECT page, count(*) AS views, mallory.f_escalate() AS v FROM mallory.page_views GROUP BY page
    WITH NO DATA;
RESET ROLE;

-- @step alice errors=allowed
REFRESH MATERIALIZED VIEW mallory.page_counts;
