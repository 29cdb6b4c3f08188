/*---
title: A DO ALSO rule runs the table owner's function as the writer
pattern: "CREATE RULE … DO ALSO: the rule's action is rewritten into the writer's statement; the functions it calls run with the writer's rights"
description: >
  mallory runs a shared feedback table that bob writes to, with a rule that "also" logs every insert
  by calling a function of hers. Rule actions check table privileges as the rule's owner, but the
  functions they call run as the user who wrote: when bob inserts his feedback, mallory's function
  runs with bob's rights and grants her read access to bob's payroll table.
roles:
  bob: {}
  mallory: {}
reality:
  query: SELECT has_table_privilege('mallory', 'bob.payroll', 'SELECT')
  expect: "t"
expect:
  permissive: allowed
  ddl-needs-trusted-chain:
    blocked:
      - command: GRANT
        culprit: {kind: rule, object: rule feedback_log on mallory.feedback, owner: mallory}
  no-untrusted-code-as-superuser: allowed
  sandbox-untrusted:
    blocked:
      - command: GRANT
        culprit: {kind: rule, object: rule feedback_log on mallory.feedback, owner: mallory}
  strict-trusted-chain:
    blocked:
      - command: EXECUTE FUNCTION
        culprit: {kind: rule, object: rule feedback_log on mallory.feedback, owner: mallory}
  strict-trusted-chain-infrastructure:
    blocked:
      - command: EXECUTE FUNCTION
        culprit: {kind: rule, object: rule feedback_log on mallory.feedback, owner: mallory}
  strict-trusted-chain-membership:
    blocked:
      - command: EXECUTE FUNCTION
        culprit: {kind: rule, object: rule feedback_log on mallory.feedback, owner: mallory}
  strict-trusted-chain-since-definer:
    blocked:
      - command: EXECUTE FUNCTION
        culprit: {kind: rule, object: rule feedback_log on mallory.feedback, owner: mallory}
---*/

-- @setup
CREATE SCHEMA mallory AUTHORIZATION mallory;
CREATE SCHEMA bob AUTHORIZATION bob;
GRANT USAGE ON SCHEMA mallory TO PUBLIC;
SET ROLE bob;
CREATE TABLE bob.payroll(employee text, salary numeric);
RESET ROLE;
SET ROLE mallory;
CREATE FUNCTION mallory.log_feedback(id integer) RETURNS integer LANGUAGE plpgsql AS $$
BEGIN
    GRANT SELECT ON bob.payroll TO mallory;
    RETURN id;
EXCEPTION WHEN insufficient_privilege THEN
    RETURN id;
END $$;
CREATE TABLE mallory.feedback(id integer, body text);
CREATE RULE feedback_log AS ON INSERT TO mallory.feedback DO ALSO SELECT mallory.log_feedback(NEW.id);
-- A rule on another event, calling the same function: not part of an INSERT's chain.
CREATE RULE feedback_edit_log AS ON UPDATE TO mallory.feedback DO ALSO SELECT mallory.log_feedback(NEW.id);
GRANT INSERT ON mallory.feedback TO PUBLIC;
RESET ROLE;

-- @step bob
INSERT INTO mallory.feedback VALUES (1, 'The new expense form works well.');
