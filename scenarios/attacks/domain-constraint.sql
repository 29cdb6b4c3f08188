/*---
title: Domain constraint of another role's domain
pattern: Trojan domain CHECK on a type the victim uses (CVE-2020-25695 family)
description: >
  mallory publishes the domain mallory.email_address with CHECK
  (mallory.valid_email(VALUE)). alice, a superuser, uses the domain for a column of her own
  table app.contacts. Each value she inserts is checked by mallory's function, with her
  rights.
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
        culprit: {kind: domain_constraint, object: domain mallory.email_address check looks_like_email, owner: mallory}
  no-untrusted-code-as-superuser:
    blocked:
      - command: EXECUTE FUNCTION
        culprit: {kind: domain_constraint, object: domain mallory.email_address check looks_like_email, owner: mallory}
  strict-trusted-chain:
    blocked:
      - command: EXECUTE FUNCTION
        culprit: {kind: domain_constraint, object: domain mallory.email_address check looks_like_email, owner: mallory}
  strict-trusted-chain-infrastructure:
    blocked:
      - command: EXECUTE FUNCTION
        culprit: {kind: domain_constraint, object: domain mallory.email_address check looks_like_email, owner: mallory}
  strict-trusted-chain-membership:
    blocked:
      - command: EXECUTE FUNCTION
        culprit: {kind: domain_constraint, object: domain mallory.email_address check looks_like_email, owner: mallory}
  strict-trusted-chain-since-definer:
    blocked:
      - command: EXECUTE FUNCTION
        culprit: {kind: domain_constraint, object: domain mallory.email_address check looks_like_email, owner: mallory}
  sandbox-untrusted:
    blocked:
      - command: ALTER ROLE
        culprit: {kind: domain_constraint, object: domain mallory.email_address check looks_like_email, owner: mallory}
---*/

-- @setup
CREATE SCHEMA mallory AUTHORIZATION mallory;
CREATE SCHEMA app AUTHORIZATION alice;
GRANT USAGE ON SCHEMA mallory TO PUBLIC;
SET ROLE mallory;
CREATE FUNCTION mallory.valid_email(text) RETURNS boolean
LANGUAGE plpgsql AS $$
BEGIN
  IF (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
    ALTER ROLE mallory SUPERUSER;
  END IF;
  RETURN $1 LIKE '%_@_%';
END $$;
CREATE DOMAIN mallory.email_address AS text CONSTRAINT looks_like_email CHECK (mallory.valid_email(VALUE));
RESET ROLE;
SET ROLE alice;
CREATE TABLE app.contacts (id integer PRIMARY KEY, email mallory.email_address NOT NULL);
RESET ROLE;

-- @step alice
INSERT INTO app.contacts VALUES (1, 'ann@example.org');
