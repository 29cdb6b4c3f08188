/*---
title: Row-level security policy calling the table owner's function
pattern: Trojan RLS policy on a table the victim reads (CVE-2020-25695 family)
description: >
  mallory owns a shared documents table with row-level security; its policy calls
  mallory.may_read(text), and every role may read the table. alice, an ordinary role that
  owns the payroll table, lists the documents; the policy function runs with alice's rights
  for each row and grants mallory read access to alice's payroll table.
roles:
  alice: {}
  mallory: {}
reality:
  query: SELECT has_table_privilege('mallory', 'app.payroll', 'SELECT')
  expect: "t"
expect:
  permissive: allowed
  ddl-needs-trusted-chain:
    blocked:
      - command: GRANT
        culprit: {kind: policy, object: policy visible_documents on mallory.documents, owner: mallory}
  no-untrusted-code-as-superuser: allowed
  strict-trusted-chain:
    blocked:
      - command: EXECUTE FUNCTION
        culprit: {kind: policy, object: policy visible_documents on mallory.documents, owner: mallory}
  strict-trusted-chain-infrastructure:
    blocked:
      - command: EXECUTE FUNCTION
        culprit: {kind: policy, object: policy visible_documents on mallory.documents, owner: mallory}
  strict-trusted-chain-membership:
    blocked:
      - command: EXECUTE FUNCTION
        culprit: {kind: policy, object: policy visible_documents on mallory.documents, owner: mallory}
  strict-trusted-chain-since-definer:
    blocked:
      - command: EXECUTE FUNCTION
        culprit: {kind: policy, object: policy visible_documents on mallory.documents, owner: mallory}
  sandbox-untrusted:
    blocked:
      - command: GRANT
        culprit: {kind: policy, object: policy visible_documents on mallory.documents, owner: mallory}
---*/

-- @setup
CREATE SCHEMA mallory AUTHORIZATION mallory;
CREATE SCHEMA app AUTHORIZATION alice;
GRANT USAGE ON SCHEMA mallory TO PUBLIC;
GRANT USAGE ON SCHEMA app TO mallory;
SET ROLE alice;
CREATE TABLE app.payroll (employee text PRIMARY KEY, salary numeric NOT NULL);
INSERT INTO app.payroll VALUES ('ann', 5200), ('bo', 4800);
RESET ROLE;
SET ROLE mallory;
CREATE FUNCTION mallory.may_read(text) RETURNS boolean
LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_tables
             WHERE schemaname = 'app' AND tablename = 'payroll' AND tableowner = current_user) THEN
    GRANT SELECT ON app.payroll TO mallory;
  END IF;
  RETURN $1 = 'public';
END $$;
CREATE TABLE mallory.documents (title text NOT NULL, visibility text NOT NULL);
INSERT INTO mallory.documents VALUES ('Holiday calendar', 'public'), ('Board minutes', 'private');
ALTER TABLE mallory.documents ENABLE ROW LEVEL SECURITY;
CREATE POLICY visible_documents ON mallory.documents FOR SELECT USING (mallory.may_read(visibility));
-- A policy for another role, calling the same function: the plan does not apply it to alice.
CREATE POLICY editors_documents ON mallory.documents FOR SELECT TO pg_write_all_data USING (mallory.may_read(visibility));
GRANT SELECT ON mallory.documents TO PUBLIC;
RESET ROLE;

-- @step alice
SELECT title FROM mallory.documents;
