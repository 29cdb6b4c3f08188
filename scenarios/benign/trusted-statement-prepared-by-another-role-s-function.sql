/*---
title: "Trusted twin of an attack path (statement prepared by another role's function): the code belongs to the role that runs it"
pattern: "The attack path statement prepared by another role's function with every owner in the chain the victim itself (alice) or a superuser: what a policy must keep allowing"
description: >
  The same objects and statements as the attack on this path, but alice owns the code that runs
  (prepared_statement entry), so every owner in the chain of the privileged command is the user running it or a
  superuser. Generated from the project's former attack-path integration tests.
roles:
  alice: {superuser: true}
  mallory: {}
  bob: {}
  admin: {superuser: true}
reality:
  query: SELECT rolsuper FROM pg_roles WHERE rolname = 'mallory'
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
SET ROLE alice;
CREATE FUNCTION alice.f_evil() RETURNS integer LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE 'ALTER ROLE mallory SUPERUSER';
    RETURN 1;
EXCEPTION WHEN insufficient_privilege THEN
    RETURN 0;
END $$;
CREATE FUNCTION alice.f_imm(i integer) RETURNS integer LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN PERFORM alice.f_evil(); RETURN i; END $$;
CREATE FUNCTION alice.f_check(i integer) RETURNS boolean LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN PERFORM alice.f_evil(); RETURN true; END $$;
CREATE FUNCTION alice.f_trg_row() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN PERFORM alice.f_evil(); RETURN NEW; END $$;
CREATE FUNCTION alice.f_trg_stmt() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN PERFORM alice.f_evil(); RETURN NULL; END $$;
CREATE FUNCTION alice.f_prepare() RETURNS void LANGUAGE plpgsql AS $$
BEGIN EXECUTE 'PREPARE p_fn AS SELECT alice.f_evil()'; END $$;
RESET ROLE;

-- @step alice
SELECT alice.f_prepare();
EXECUTE p_fn;
