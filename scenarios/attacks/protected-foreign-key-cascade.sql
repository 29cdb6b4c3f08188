/*---
title: ON DELETE CASCADE fires the referencing table's triggers as its owner
pattern: "Foreign-key actions run as the referencing table's owner: a trojan trigger on it gets the owner's rights, not the deleter's"
protected_by: "foreign-key actions run as the referencing table's owner"
description: >
  mallory's orders table references alice's customers table with ON DELETE CASCADE, and carries a
  BEFORE DELETE trigger of mallory's that tries to make her a superuser. When alice, a superuser,
  deletes a customer, PostgreSQL runs the cascaded DELETE on mallory's table as its owner mallory, so
  the trigger has only mallory's rights: the ALTER ROLE fails, alice's DELETE fails with it, and
  mallory stays an ordinary role. The chain (foreign-key action, trigger) is on record.
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
CREATE SCHEMA shop AUTHORIZATION alice;
GRANT USAGE ON SCHEMA mallory, shop TO PUBLIC;
SET ROLE alice;
CREATE TABLE shop.customers(id integer PRIMARY KEY, name text);
INSERT INTO shop.customers VALUES (1, 'Ada'), (2, 'Alan');
GRANT REFERENCES ON shop.customers TO mallory;
RESET ROLE;
SET ROLE mallory;
CREATE FUNCTION mallory.f_escalate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    ALTER ROLE mallory SUPERUSER;
    RETURN OLD;
END $$;
CREATE TABLE mallory.orders(id integer, customer integer REFERENCES shop.customers ON DELETE CASCADE);
INSERT INTO mallory.orders VALUES (10, 1), (11, 2);
CREATE TRIGGER orders_audit BEFORE DELETE ON mallory.orders FOR EACH ROW EXECUTE FUNCTION mallory.f_escalate();
RESET ROLE;

-- @step alice errors=allowed
DELETE FROM shop.customers WHERE id = 2;
