/*---
title: Superuser's view calling an untrusted function
pattern: Trusted view wrapping untrusted code (provenance hidden behind a trusted owner)
description: >
  dba, a superuser, built the reporting view reports.daily_totals on top of
  mallory.format_amount(), a formatting helper mallory wrote. alice, another superuser,
  trusts views dba owns and reads the report. Functions a view calls run with the
  querying user's rights, so mallory's function runs with alice's; the view's owner is
  trusted, the function's is not.
roles:
  dba: {superuser: true}
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
        culprit: {kind: function, object: mallory.format_amount(numeric), owner: mallory}
  no-untrusted-code-as-superuser:
    blocked:
      - command: EXECUTE FUNCTION
        culprit: {kind: function, object: mallory.format_amount(numeric), owner: mallory}
  strict-trusted-chain:
    blocked:
      - command: EXECUTE FUNCTION
        culprit: {kind: function, object: mallory.format_amount(numeric), owner: mallory}
  strict-trusted-chain-infrastructure:
    blocked:
      - command: EXECUTE FUNCTION
        culprit: {kind: function, object: mallory.format_amount(numeric), owner: mallory}
  strict-trusted-chain-membership:
    blocked:
      - command: EXECUTE FUNCTION
        culprit: {kind: function, object: mallory.format_amount(numeric), owner: mallory}
  strict-trusted-chain-since-definer:
    blocked:
      - command: EXECUTE FUNCTION
        culprit: {kind: function, object: mallory.format_amount(numeric), owner: mallory}
  sandbox-untrusted:
    blocked:
      - command: ALTER ROLE
        culprit: {kind: function, object: mallory.format_amount(numeric), owner: mallory}
---*/

-- @setup
CREATE SCHEMA mallory AUTHORIZATION mallory;
CREATE SCHEMA reports AUTHORIZATION dba;
GRANT USAGE ON SCHEMA mallory, reports TO PUBLIC;
SET ROLE mallory;
CREATE FUNCTION mallory.format_amount(numeric) RETURNS text
LANGUAGE plpgsql AS $$
BEGIN
  IF (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
    ALTER ROLE mallory SUPERUSER;
  END IF;
  RETURN to_char($1, 'FM999G999D00');
END $$;
RESET ROLE;
SET ROLE dba;
CREATE TABLE reports.sales (sold_on date NOT NULL, amount numeric NOT NULL);
INSERT INTO reports.sales VALUES ('2026-12-01', 120.00), ('2026-12-01', 80.50);
CREATE VIEW reports.daily_totals AS
  SELECT sold_on, mallory.format_amount(sum(amount)) AS total FROM reports.sales GROUP BY sold_on;
GRANT SELECT ON reports.daily_totals TO PUBLIC;
RESET ROLE;

-- @step alice
SELECT * FROM reports.daily_totals;
