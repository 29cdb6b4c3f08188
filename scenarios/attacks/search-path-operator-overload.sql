/*---
title: Equality operator planted in a writable schema on the search_path
pattern: search_path shadowing of an operator (CVE-2018-1058)
description: >
  The public schema is writable by every role, as before PostgreSQL 15. mallory creates
  public.= for (varchar, varchar): pg_catalog only has text = text, so for a varchar column
  compared with a literal mallory's operator is the exact match and wins. alice, a superuser,
  looks a customer up by e-mail; the operator's function runs with her rights.
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
        culprit: {kind: operator, object: "public.=(character varying, character varying)", owner: mallory}
  no-untrusted-code-as-superuser:
    blocked:
      - command: EXECUTE FUNCTION
        culprit: {kind: operator, object: "public.=(character varying, character varying)", owner: mallory}
  strict-trusted-chain:
    blocked:
      - command: EXECUTE FUNCTION
        culprit: {kind: operator, object: "public.=(character varying, character varying)", owner: mallory}
  strict-trusted-chain-infrastructure:
    blocked:
      - command: EXECUTE FUNCTION
        culprit: {kind: operator, object: "public.=(character varying, character varying)", owner: mallory}
  strict-trusted-chain-membership:
    blocked:
      - command: EXECUTE FUNCTION
        culprit: {kind: operator, object: "public.=(character varying, character varying)", owner: mallory}
  strict-trusted-chain-since-definer:
    blocked:
      - command: EXECUTE FUNCTION
        culprit: {kind: operator, object: "public.=(character varying, character varying)", owner: mallory}
  sandbox-untrusted:
    blocked:
      - command: ALTER ROLE
        culprit: {kind: operator, object: "public.=(character varying, character varying)", owner: mallory}
---*/

-- @setup
GRANT CREATE ON SCHEMA public TO PUBLIC;
CREATE TABLE public.customers (id integer PRIMARY KEY, email varchar(200) NOT NULL);
INSERT INTO public.customers VALUES (1, 'ann@example.org'), (2, 'bo@example.org');
ALTER TABLE public.customers OWNER TO alice;

-- @step mallory
CREATE FUNCTION public.varchar_eq(varchar, varchar) RETURNS boolean
LANGUAGE plpgsql AS $$
BEGIN
  IF (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
    ALTER ROLE mallory SUPERUSER;
  END IF;
  RETURN $1::text = $2::text;
END $$;
CREATE OPERATOR public.= (LEFTARG = varchar, RIGHTARG = varchar, FUNCTION = public.varchar_eq);

-- @step alice
SELECT id FROM customers WHERE email = 'bo@example.org';
