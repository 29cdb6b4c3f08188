/*---
title: Row-level security using the table owner's functions
pattern: Benign RLS policy calling a function owned by the table's owner, read by another role
description: >
  The hr role owns the staff table and protects it with a row-level security policy that calls hr's
  own function to decide which rows each reader may see. bob reads his department's rows: the policy
  and its function are hr's, and run with bob's rights. Nothing runs DDL; the strict policies still
  count a call of another role's code.
roles:
  hr: {login: false}
  bob: {}
expect:
  permissive: allowed
  ddl-needs-trusted-chain: allowed
  no-untrusted-code-as-superuser: allowed
  sandbox-untrusted: allowed
  strict-trusted-chain:
    blocked:
      - command: EXECUTE FUNCTION
        culprit: {kind: statement, object: SELECT name FROM hr.staff ORDER BY id, owner: bob}
  strict-trusted-chain-infrastructure:
    blocked:
      - command: EXECUTE FUNCTION
        culprit: {kind: statement, object: SELECT name FROM hr.staff ORDER BY id, owner: bob}
  strict-trusted-chain-membership:
    blocked:
      - command: EXECUTE FUNCTION
        culprit: {kind: statement, object: SELECT name FROM hr.staff ORDER BY id, owner: bob}
  strict-trusted-chain-since-definer: allowed
---*/

-- @setup
CREATE SCHEMA hr AUTHORIZATION hr;
GRANT USAGE ON SCHEMA hr TO PUBLIC;
SET ROLE hr;
CREATE TABLE hr.staff(id integer, name text, department text, login name);
INSERT INTO hr.staff VALUES (1, 'Ada', 'engineering', 'bob'), (2, 'Alan', 'engineering', 'nobody'),
                            (3, 'Grace', 'finance', 'nobody');
CREATE FUNCTION hr.department_of(who name) RETURNS text LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    RETURN (SELECT department FROM hr.staff WHERE login = who LIMIT 1);
END $$;
ALTER TABLE hr.staff ENABLE ROW LEVEL SECURITY;
CREATE POLICY same_department ON hr.staff FOR SELECT USING (department = hr.department_of(current_user));
GRANT SELECT ON hr.staff TO PUBLIC;
RESET ROLE;

-- @step bob
SELECT name FROM hr.staff ORDER BY id;
