/*---
title: A role's own trigger creating a log table in its own schema
pattern: Benign DDL through one's own trigger
description: >
  bob's orders table has a trigger, his own, that creates the audit table in his schema on
  first use and records each new order in it. bob inserts orders; the trigger's DDL runs in
  a chain owned by bob alone.
roles:
  bob: {}
reality:
  query: SELECT count(*) FROM bob.orders_audit
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
CREATE TABLE bob.orders (id integer PRIMARY KEY, amount numeric NOT NULL);
CREATE FUNCTION bob.audit_order() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  CREATE TABLE IF NOT EXISTS bob.orders_audit (order_id integer, logged_at timestamptz DEFAULT now());
  INSERT INTO bob.orders_audit (order_id) VALUES (NEW.id);
  RETURN NEW;
END $$;
CREATE TRIGGER audit_order AFTER INSERT ON bob.orders FOR EACH ROW EXECUTE FUNCTION bob.audit_order();
RESET ROLE;

-- @step bob
INSERT INTO bob.orders VALUES (1, 10.00);
INSERT INTO bob.orders VALUES (2, 12.50);
