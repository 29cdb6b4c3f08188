/*---
title: Trigger created through a granted TRIGGER privilege
pattern: TRIGGER privilege lets another role attach code to the victim's table (CVE-2020-25695 family)
description: >
  alice, a superuser, owns app.orders and grants TRIGGER on it to mallory, who maintains an
  audit integration. mallory attaches a trigger calling her own function to alice's table.
  When alice next inserts an order into her own table, mallory's function runs with alice's
  rights. The trigger's entry belongs to the table's owner (alice); mallory's function is
  where the untrusted code enters.
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
        culprit: {kind: function, object: mallory.audit_order(), owner: mallory}
  no-untrusted-code-as-superuser:
    blocked:
      - command: EXECUTE FUNCTION
        culprit: {kind: function, object: mallory.audit_order(), owner: mallory}
  strict-trusted-chain:
    blocked:
      - command: EXECUTE FUNCTION
        culprit: {kind: function, object: mallory.audit_order(), owner: mallory}
  strict-trusted-chain-infrastructure:
    blocked:
      - command: EXECUTE FUNCTION
        culprit: {kind: function, object: mallory.audit_order(), owner: mallory}
  strict-trusted-chain-membership:
    blocked:
      - command: EXECUTE FUNCTION
        culprit: {kind: function, object: mallory.audit_order(), owner: mallory}
  strict-trusted-chain-since-definer:
    blocked:
      - command: EXECUTE FUNCTION
        culprit: {kind: function, object: mallory.audit_order(), owner: mallory}
  sandbox-untrusted:
    blocked:
      - command: ALTER ROLE
        culprit: {kind: function, object: mallory.audit_order(), owner: mallory}
---*/

-- @setup
CREATE SCHEMA app AUTHORIZATION alice;
CREATE SCHEMA mallory AUTHORIZATION mallory;
GRANT USAGE ON SCHEMA app TO mallory;
SET ROLE alice;
CREATE TABLE app.orders (id integer PRIMARY KEY, amount numeric NOT NULL);
GRANT TRIGGER ON app.orders TO mallory;
RESET ROLE;

-- @step mallory
CREATE FUNCTION mallory.audit_order() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
    ALTER ROLE mallory SUPERUSER;
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER audit_order AFTER INSERT ON app.orders
  FOR EACH ROW EXECUTE FUNCTION mallory.audit_order();

-- @step alice
INSERT INTO app.orders VALUES (1, 250.00);
