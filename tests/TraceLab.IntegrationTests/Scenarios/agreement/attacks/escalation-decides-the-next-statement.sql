/*---
title: The statement after an escalation calls a function only if the escalation worked
pattern: Control flow that depends on data an earlier operation changed (what no counterfactual replay can follow)
description: >
  alice, a superuser, calls mallory's function, which makes mallory a superuser; her next statement calls
  mallory.f_audit() only if mallory is a superuser. Under a policy that blocks the ALTER ROLE the replay still
  predicts that call (it was recorded, and the policy allows it), but with the policy enforced mallory never
  becomes a superuser and the call never happens: suite run --enforce must report exactly that disagreement.
roles:
  alice: {superuser: true}
  mallory: {}
reality:
  query: SELECT rolsuper FROM pg_roles WHERE rolname = 'mallory'
  expect: "t"
expect:
  ddl-needs-trusted-chain:
    blocked:
      - command: ALTER ROLE
        culprit: {kind: function, object: mallory.f_escalate(), owner: mallory}
---*/

-- @setup
CREATE SCHEMA mallory AUTHORIZATION mallory;
GRANT USAGE ON SCHEMA mallory TO PUBLIC;
SET ROLE mallory;
CREATE FUNCTION mallory.f_escalate() RETURNS integer LANGUAGE plpgsql AS $$
BEGIN
    ALTER ROLE mallory SUPERUSER;
    RETURN 1;
END $$;
CREATE FUNCTION mallory.f_audit() RETURNS integer LANGUAGE plpgsql AS $$
BEGIN
    RETURN 1;
END $$;
RESET ROLE;

-- @step alice
SELECT mallory.f_escalate();
SELECT mallory.f_audit() FROM pg_roles WHERE rolname = 'mallory' AND rolsuper;
