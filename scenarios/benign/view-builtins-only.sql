/*---
title: Reading another role's view that uses only built-ins
pattern: Benign SELECT from a view whose definition calls only built-in functions and operators
description: >
  The reporting role owns a view over its own table that aggregates with built-in functions only
  (date_trunc, count, sum, round). bob reads it. No user-defined code runs, so no policy should object.
roles:
  reporting: {login: false}
  bob: {}
expect: {permissive: allowed, ddl-needs-trusted-chain: allowed, no-untrusted-code-as-superuser: allowed, sandbox-untrusted: allowed, strict-trusted-chain: allowed, strict-trusted-chain-infrastructure: allowed,
  strict-trusted-chain-membership: allowed, strict-trusted-chain-since-definer: allowed}
---*/

-- @setup
CREATE SCHEMA reporting AUTHORIZATION reporting;
GRANT USAGE ON SCHEMA reporting TO PUBLIC;
SET ROLE reporting;
CREATE TABLE reporting.orders(id integer, placed timestamptz, total numeric);
INSERT INTO reporting.orders VALUES (1, '2026-11-03 10:00+00', 20), (2, '2026-11-20 12:00+00', 35),
                                    (3, '2026-12-01 09:30+00', 12.5);
CREATE VIEW reporting.monthly_sales AS
    SELECT date_trunc('month', placed) AS month, count(*) AS orders, round(sum(total), 2) AS revenue
    FROM reporting.orders GROUP BY 1;
GRANT SELECT ON reporting.monthly_sales TO PUBLIC;
RESET ROLE;

-- @step bob
SELECT * FROM reporting.monthly_sales ORDER BY month;
