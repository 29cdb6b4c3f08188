/*---
title: Objects owned by a group role the user belongs to
pattern: Benign use of a team's objects (owned by a NOLOGIN group role) by a member of the team
description: >
  The accounting team's schema, tables, trigger and function belong to the group role accounting;
  carol is a member. She records an expense: the table's trigger (accounting's) stamps the row with
  accounting's function, and she reads the team's view. Nothing runs DDL; policies that trust only
  the executing user still see code of another role run, and those that trust inherited
  memberships do not.
roles:
  accounting: {login: false}
  carol: {member_of: [accounting]}
expect:
  permissive: allowed
  ddl-needs-trusted-chain: allowed
  no-untrusted-code-as-superuser: allowed
  sandbox-untrusted: allowed
  strict-trusted-chain:
    blocked:
      - command: EXECUTE FUNCTION
        culprit: {kind: trigger, object: expenses_stamp on accounting.expenses, owner: accounting}
      - command: EXECUTE FUNCTION
        culprit: {kind: view, object: accounting.open_expenses, owner: accounting}
  strict-trusted-chain-infrastructure:
    blocked:
      - command: EXECUTE FUNCTION
        culprit: {kind: trigger, object: expenses_stamp on accounting.expenses, owner: accounting}
      - command: EXECUTE FUNCTION
        culprit: {kind: view, object: accounting.open_expenses, owner: accounting}
  strict-trusted-chain-membership: allowed
  strict-trusted-chain-since-definer:
    blocked:
      - command: EXECUTE FUNCTION
        culprit: {kind: trigger, object: expenses_stamp on accounting.expenses, owner: accounting}
      - command: EXECUTE FUNCTION
        culprit: {kind: view, object: accounting.open_expenses, owner: accounting}
---*/

-- @setup
CREATE SCHEMA accounting AUTHORIZATION accounting;
SET ROLE accounting;
CREATE TABLE accounting.expenses(id integer, amount numeric, category text, stamped timestamptz);
CREATE FUNCTION accounting.stamp() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.stamped := now();
    NEW.category := lower(NEW.category);
    RETURN NEW;
END $$;
CREATE TRIGGER expenses_stamp BEFORE INSERT ON accounting.expenses FOR EACH ROW EXECUTE FUNCTION accounting.stamp();
CREATE FUNCTION accounting.in_budget(a numeric) RETURNS boolean LANGUAGE plpgsql STABLE AS $$
BEGIN
    RETURN a < 5000;
END $$;
CREATE VIEW accounting.open_expenses AS
    SELECT id, amount, category, accounting.in_budget(amount) AS in_budget FROM accounting.expenses;
RESET ROLE;

-- @step carol
INSERT INTO accounting.expenses(id, amount, category) VALUES (1, 42.50, 'Travel');
SELECT * FROM accounting.open_expenses;
