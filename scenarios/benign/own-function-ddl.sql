/*---
title: A role's own function creating tables in its own schema
pattern: Benign DDL through one's own code
description: >
  bob keeps monthly partitions of his measurements table and creates next month's with his
  own function bob.add_month_partition(date), in his own schema. The chain holds only
  bob's statement and bob's function.
roles:
  bob: {}
reality:
  query: SELECT to_regclass('bob.measurements_2027_01') IS NOT NULL
  expect: "t"
expect:
  permissive: allowed
  ddl-needs-trusted-chain: allowed
  no-untrusted-code-as-superuser: allowed
  strict-trusted-chain: allowed
  strict-trusted-chain-infrastructure: allowed
  strict-trusted-chain-membership: allowed
  strict-trusted-chain-since-definer: allowed
  sandbox-untrusted: allowed
---*/

-- @setup
CREATE SCHEMA bob AUTHORIZATION bob;
SET ROLE bob;
CREATE TABLE bob.measurements (taken_at date NOT NULL, reading numeric) PARTITION BY RANGE (taken_at);
CREATE FUNCTION bob.add_month_partition(p_month date) RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
  part text := format('measurements_%s', to_char(p_month, 'YYYY_MM'));
BEGIN
  EXECUTE format('CREATE TABLE IF NOT EXISTS bob.%I PARTITION OF bob.measurements FOR VALUES FROM (%L) TO (%L)',
                 part, date_trunc('month', p_month)::date, (date_trunc('month', p_month) + interval '1 month')::date);
  RETURN part;
END $$;
RESET ROLE;

-- @step bob
SELECT bob.add_month_partition(date '2027-01-15');
INSERT INTO bob.measurements VALUES (date '2027-01-20', 17.5);
