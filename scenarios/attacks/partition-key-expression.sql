/*---
title: Routing a row evaluates a partition-key expression as the inserter
pattern: "PARTITION BY … (expression): tuple routing evaluates the key expression with the inserting user's rights"
description: >
  mallory owns a table partitioned by an expression over her IMMUTABLE-labelled function and lets
  everyone insert into it. alice, a superuser, inserts an event: routing the row to its partition
  evaluates the partition key, which runs mallory's function with alice's rights and makes mallory a
  superuser.
roles:
  alice: {superuser: true}
  mallory: {}
reality:
  query: SELECT rolsuper FROM pg_roles WHERE rolname = 'mallory'
  expect: "t"
# No entry kind names a partition key: the function's call hangs directly under the statement.
expect:
  permissive: allowed
  ddl-needs-trusted-chain:
    blocked:
      - command: ALTER ROLE
        culprit: {kind: function, object: mallory.event_month(timestamp with time zone), owner: mallory}
  no-untrusted-code-as-superuser:
    blocked:
      - command: EXECUTE FUNCTION
        culprit: {kind: function, object: mallory.event_month(timestamp with time zone), owner: mallory}
  sandbox-untrusted:
    blocked:
      - command: ALTER ROLE
        culprit: {kind: function, object: mallory.event_month(timestamp with time zone), owner: mallory}
  strict-trusted-chain:
    blocked:
      - command: EXECUTE FUNCTION
        culprit: {kind: function, object: mallory.event_month(timestamp with time zone), owner: mallory}
  strict-trusted-chain-infrastructure:
    blocked:
      - command: EXECUTE FUNCTION
        culprit: {kind: function, object: mallory.event_month(timestamp with time zone), owner: mallory}
  strict-trusted-chain-membership:
    blocked:
      - command: EXECUTE FUNCTION
        culprit: {kind: function, object: mallory.event_month(timestamp with time zone), owner: mallory}
  strict-trusted-chain-since-definer:
    blocked:
      - command: EXECUTE FUNCTION
        culprit: {kind: function, object: mallory.event_month(timestamp with time zone), owner: mallory}
---*/

-- @setup
CREATE SCHEMA mallory AUTHORIZATION mallory;
GRANT USAGE ON SCHEMA mallory TO PUBLIC;
SET ROLE mallory;
CREATE FUNCTION mallory.f_escalate() RETURNS integer LANGUAGE plpgsql AS $$
BEGIN
    ALTER ROLE mallory SUPERUSER;
    RETURN 1;
EXCEPTION WHEN insufficient_privilege THEN
    RETURN 0;
END $$;
CREATE FUNCTION mallory.event_month(t timestamptz) RETURNS integer LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
    PERFORM mallory.f_escalate();
    RETURN extract(month FROM t AT TIME ZONE 'UTC')::integer;
END $$;
CREATE TABLE mallory.events(id integer, at timestamptz, what text)
    PARTITION BY LIST (mallory.event_month(at));
CREATE TABLE mallory.events_dec PARTITION OF mallory.events FOR VALUES IN (12);
CREATE TABLE mallory.events_other PARTITION OF mallory.events DEFAULT;
GRANT INSERT ON mallory.events TO PUBLIC;
RESET ROLE;

-- @step alice
INSERT INTO mallory.events VALUES (1, timestamptz '2026-12-07 08:00+00', 'backup verified');
