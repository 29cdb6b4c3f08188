/*---
title: SECURITY DEFINER administration function with a safe search_path
pattern: Benign SECURITY DEFINER delegation (the fix for CVE-2007-2138)
description: >
  alice, a superuser, lets application roles create their tenant schemas through
  admin.create_tenant_schema(text): SECURITY DEFINER, SET search_path = pg_catalog, pg_temp,
  every name qualified, EXECUTE granted to app_admins only. bob, a member of app_admins,
  creates a tenant schema; the DDL runs with alice's rights inside alice's function.
roles:
  alice: {superuser: true}
  app_admins: {login: false}
  bob: {member_of: [app_admins]}
reality:
  query: SELECT nspowner::regrole::text FROM pg_namespace WHERE nspname = 'tenant_acme'
  expect: "bob"
expect:
  permissive: allowed
  ddl-needs-trusted-chain:
    blocked:
      - command: CREATE SCHEMA
        culprit: {kind: statement, object: SELECT admin.create_tenant_schema('Acme'), owner: bob}
  no-untrusted-code-as-superuser:
    blocked:
      - command: EXECUTE FUNCTION
        culprit: {kind: statement, object: SELECT admin.create_tenant_schema('Acme'), owner: bob}
  strict-trusted-chain:
    blocked:
      - command: EXECUTE FUNCTION
        culprit: {kind: statement, object: SELECT admin.create_tenant_schema('Acme'), owner: bob}
  strict-trusted-chain-infrastructure:
    blocked:
      - command: EXECUTE FUNCTION
        culprit: {kind: statement, object: SELECT admin.create_tenant_schema('Acme'), owner: bob}
  strict-trusted-chain-membership:
    blocked:
      - command: EXECUTE FUNCTION
        culprit: {kind: statement, object: SELECT admin.create_tenant_schema('Acme'), owner: bob}
  strict-trusted-chain-since-definer: allowed
  sandbox-untrusted:
    blocked:
      - command: CREATE SCHEMA
        culprit: {kind: statement, object: SELECT admin.create_tenant_schema('Acme'), owner: bob}
---*/

-- @setup
CREATE SCHEMA admin AUTHORIZATION alice;
GRANT USAGE ON SCHEMA admin TO app_admins;
SET ROLE alice;
CREATE FUNCTION admin.create_tenant_schema(p_tenant text) RETURNS text
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  schema_name text := 'tenant_' || pg_catalog.lower(p_tenant);
BEGIN
  IF p_tenant !~ '^[A-Za-z][A-Za-z0-9]{0,30}$' THEN
    RAISE EXCEPTION 'invalid tenant name %', p_tenant;
  END IF;
  EXECUTE pg_catalog.format('CREATE SCHEMA %I AUTHORIZATION %I', schema_name, session_user);
  RETURN schema_name;
END $$;
REVOKE EXECUTE ON FUNCTION admin.create_tenant_schema(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION admin.create_tenant_schema(text) TO app_admins;
RESET ROLE;

-- @step bob
SELECT admin.create_tenant_schema('Acme');
CREATE TABLE tenant_acme.customers (id integer PRIMARY KEY, name text NOT NULL);
