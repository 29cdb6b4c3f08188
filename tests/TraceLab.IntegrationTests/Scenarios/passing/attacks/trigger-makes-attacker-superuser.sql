/*---
title: Trigger fired by an INSERT makes the attacker a superuser
pattern: Trojan trigger (test catalogue of the suite runner)
description: >
  mallory's BEFORE INSERT trigger runs ALTER ROLE mallory SUPERUSER when alice, a superuser,
  inserts a row. A second session of alice holds a transaction open meanwhile, and mallory's own
  session runs a statement of its own.
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
        culprit: {kind: trigger, object: trg_orders on mallory.t_orders, owner: mallory}
---*/

-- @setup
CREATE SCHEMA mallory AUTHORIZATION mallory;
GRANT USAGE ON SCHEMA mallory TO PUBLIC;
SET ROLE mallory;
CREATE TABLE mallory.t_orders(id integer);
CREATE FUNCTION mallory.trg_audit() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE 'ALTER ROLE mallory SUPERUSER';
    RETURN NEW;
END $$;
CREATE TRIGGER trg_orders BEFORE INSERT ON mallory.t_orders FOR EACH ROW EXECUTE FUNCTION mallory.trg_audit();
GRANT INSERT, SELECT ON mallory.t_orders TO PUBLIC;
RESET ROLE;

-- @step alice session=2
BEGIN;
SELECT count(*) FROM mallory.t_orders;

-- @step mallory
SELECT current_user, pg_sleep(0.5);

-- @step alice
INSERT INTO mallory.t_orders VALUES (1);

-- @step alice session=2 errors=allowed
SELECT * FROM no_such_table;
ROLLBACK;

-- @disconnect alice session=2

-- @wait timeout=10
SELECT count(*) = 1 FROM mallory.t_orders;
