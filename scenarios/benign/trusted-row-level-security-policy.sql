/*---
title: "Trusted twin of an attack path (row-level security policy): the code belongs to the role that runs it"
pattern: "The attack path row-level security policy with every owner in the chain the victim itself (bob) or a superuser: what a policy must keep allowing"
description: >
  The same objects and statements as the attack on this path, but bob owns the code that runs
  (policy entry), so every owner in the chain of the privileged command is the user running it or a
  superuser. Generated from the project's former attack-path integration tests.
roles:
  alice: {superuser: true}
  mallory: {}
  bob: {}
  admin: {superuser: true}
reality:
  query: SELECT has_schema_privilege('mallory', 'bob', 'CREATE')
  expect: "t"                      # the payload ran: the path was taken
expect:
  permissive: allowed
  ddl-needs-trusted-chain: allowed
  no-untrusted-code-as-superuser: allowed
  sandbox-untrusted: allowed
  strict-trusted-chain: allowed
  strict-trusted-chain-infrastructure: allowed
  strict-trusted-chain-membership: allowed
  strict-trusted-chain-since-definer: allowed
---*/

-- @setup
CREATE SCHEMA alice AUTHORIZATION alice;
CREATE SCHEMA mallory AUTHORIZATION mallory;
CREATE SCHEMA bob AUTHORIZATION bob;
CREATE SCHEMA admin AUTHORIZATION admin;
GRANT USAGE ON SCHEMA alice, mallory, bob, admin TO PUBLIC;
SET ROLE bob;
CREATE FUNCTION bob.f_evil() RETURNS integer LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE 'GRANT ALL ON SCHEMA bob TO mallory';
    RETURN 1;
EXCEPTION WHEN insufficient_privilege THEN
    RETURN 0;
END $$;
CREATE FUNCTION bob.f_imm(i integer) RETURNS integer LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN PERFORM bob.f_evil(); RETURN i; END $$;
CREATE FUNCTION bob.f_check(i integer) RETURNS boolean LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN PERFORM bob.f_evil(); RETURN true; END $$;
CREATE FUNCTION bob.f_trg_row() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN PERFORM bob.f_evil(); RETURN NEW; END $$;
CREATE FUNCTION bob.f_trg_stmt() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN PERFORM bob.f_evil(); RETURN NULL; END $$;
CREATE TABLE bob.t(id integer); INSERT INTO bob.t VALUES (1);
ALTER TABLE bob.t ENABLE ROW LEVEL SECURITY; ALTER TABLE bob.t FORCE ROW LEVEL SECURITY;
CREATE POLICY p_all ON bob.t USING (bob.f_check(id));
GRANT SELECT ON bob.t TO PUBLIC;
RESET ROLE;

-- @step bob
SELECT * FROM bob.t;
