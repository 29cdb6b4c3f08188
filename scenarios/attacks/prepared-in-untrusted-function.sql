/*---
title: A statement prepared by mallory's function is executed later by alice
pattern: Prepared statement across roles; PREPARE inside another role's code, EXECUTE by the session user afterwards
description: >
  mallory's reporting helper mallory.init_reports() prepares the session's named statements, which
  alice's report scripts then EXECUTE by name. alice, a superuser, calls the helper at the start of her
  session and later executes monthly_totals: the statement mallory prepared runs with alice's rights,
  outside any function of mallory's, and makes mallory a superuser.
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
        culprit: {kind: prepared_statement, object: monthly_totals, owner: mallory}
  no-untrusted-code-as-superuser:
    blocked:
      - command: EXECUTE FUNCTION
        culprit: {kind: function, object: mallory.init_reports(), owner: mallory}
  sandbox-untrusted:
    blocked:
      - command: ALTER ROLE
        culprit: {kind: prepared_statement, object: monthly_totals, owner: mallory}
  strict-trusted-chain:
    blocked:
      - command: EXECUTE FUNCTION
        culprit: {kind: function, object: mallory.init_reports(), owner: mallory}
  strict-trusted-chain-infrastructure:
    blocked:
      - command: EXECUTE FUNCTION
        culprit: {kind: function, object: mallory.init_reports(), owner: mallory}
  strict-trusted-chain-membership:
    blocked:
      - command: EXECUTE FUNCTION
        culprit: {kind: function, object: mallory.init_reports(), owner: mallory}
  strict-trusted-chain-since-definer:
    blocked:
      - command: EXECUTE FUNCTION
        culprit: {kind: function, object: mallory.init_reports(), owner: mallory}
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
CREATE TABLE mallory.sales(month date, amount numeric);
INSERT INTO mallory.sales VALUES ('2026-11-01', 1200), ('2026-12-01', 900);
GRANT SELECT ON mallory.sales TO PUBLIC;
CREATE FUNCTION mallory.init_reports() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE 'PREPARE monthly_totals AS
             SELECT month, sum(amount) FROM mallory.sales WHERE mallory.f_escalate() >= 0 GROUP BY month';
END $$;
RESET ROLE;

-- @step alice
SELECT mallory.init_reports();

-- @step alice
EXECUTE monthly_totals;
