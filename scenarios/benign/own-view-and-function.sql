/*---
title: A role's own view calling its own function
pattern: Benign use of one's own view and function
description: >
  bob reports on his invoices through his own view bob.invoice_summary, which calls his own
  formatting function. Every entry of the chain is bob's.
roles:
  bob: {}
reality:
  query: SELECT count(*) FROM bob.invoice_summary
  expect: "2"
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
CREATE TABLE bob.invoices (id integer PRIMARY KEY, customer text NOT NULL, cents bigint NOT NULL);
INSERT INTO bob.invoices VALUES (1, 'ACME', 125000), (2, 'Globex', 9900);
CREATE FUNCTION bob.format_cents(bigint) RETURNS text
LANGUAGE plpgsql STABLE AS $$
BEGIN
  RETURN to_char($1 / 100.0, 'FM999G999G990D00');
END $$;
CREATE VIEW bob.invoice_summary AS
  SELECT id, customer, bob.format_cents(cents) AS amount FROM bob.invoices;
RESET ROLE;

-- @step bob
SELECT * FROM bob.invoice_summary ORDER BY id;
