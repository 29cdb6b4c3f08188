/*---
title: Function overload planted in a writable schema on the search_path
pattern: search_path shadowing of a function (CVE-2018-1058)
description: >
  The database keeps PostgreSQL 14's default of a public schema every role may create in.
  mallory creates public.lower(varchar), a better match for a varchar argument than
  pg_catalog.lower(text). alice, a superuser with the default search_path, lower-cases a
  varchar column; PostgreSQL picks mallory's overload, which runs with alice's rights.
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
        culprit: {kind: function, object: public.lower(character varying), owner: mallory}
  no-untrusted-code-as-superuser:
    blocked:
      - command: EXECUTE FUNCTION
        culprit: {kind: function, object: public.lower(character varying), owner: mallory}
  strict-trusted-chain:
    blocked:
      - command: EXECUTE FUNCTION
        culprit: {kind: function, object: public.lower(character varying), owner: mallory}
  strict-trusted-chain-infrastructure:
    blocked:
      - command: EXECUTE FUNCTION
        culprit: {kind: function, object: public.lower(character varying), owner: mallory}
  strict-trusted-chain-membership:
    blocked:
      - command: EXECUTE FUNCTION
        culprit: {kind: function, object: public.lower(character varying), owner: mallory}
  strict-trusted-chain-since-definer:
    blocked:
      - command: EXECUTE FUNCTION
        culprit: {kind: function, object: public.lower(character varying), owner: mallory}
  sandbox-untrusted:
    blocked:
      - command: ALTER ROLE
        culprit: {kind: function, object: public.lower(character varying), owner: mallory}
---*/

-- @setup
GRANT CREATE ON SCHEMA public TO PUBLIC;
CREATE TABLE public.customers (id integer PRIMARY KEY, email varchar(200) NOT NULL);
INSERT INTO public.customers VALUES (1, 'Ann@Example.org');
ALTER TABLE public.customers OWNER TO alice;

-- @step mallory
CREATE FUNCTION public.lower(varchar) RETURNS text
LANGUAGE plpgsql AS $$
BEGIN
  IF (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
    ALTER ROLE mallory SUPERUSER;
  END IF;
  RETURN pg_catalog.lower($1::text);
END $$;

-- @step alice
SELECT id, lower(email) FROM customers ORDER BY id;
