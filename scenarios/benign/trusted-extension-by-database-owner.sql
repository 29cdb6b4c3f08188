/*---
title: Trusted extension installed by the database owner, used by another role
pattern: Benign trusted extension (pgcrypto and hstore are trusted in PostgreSQL 13 and later)
description: >
  carol owns the database but is not a superuser. She installs pgcrypto and hstore, which
  PostgreSQL 15 marks trusted: their scripts run as the bootstrap superuser, who owns the
  objects they create. bob then hashes a password with crypt() and stores attributes as
  hstore.
roles:
  carol: {}
  bob: {}
reality:
  query: SELECT extowner::regrole::text FROM pg_extension WHERE extname = 'pgcrypto'
  expect: "carol"
expect:
  permissive: allowed
  ddl-needs-trusted-chain:
    blocked:
      - command: CREATE FUNCTION
        culprit: {kind: statement, object: CREATE EXTENSION pgcrypto, owner: carol}
      - command: CREATE TYPE
        culprit: {kind: statement, object: CREATE EXTENSION hstore, owner: carol}
  no-untrusted-code-as-superuser:
    blocked:
      - command: CREATE FUNCTION
        culprit: {kind: statement, object: CREATE EXTENSION pgcrypto, owner: carol}
      - command: CREATE TYPE
        culprit: {kind: statement, object: CREATE EXTENSION hstore, owner: carol}
  strict-trusted-chain:
    blocked:
      - command: CREATE FUNCTION
        culprit: {kind: statement, object: CREATE EXTENSION pgcrypto, owner: carol}
      - command: CREATE TYPE
        culprit: {kind: statement, object: CREATE EXTENSION hstore, owner: carol}
  strict-trusted-chain-infrastructure:
    blocked:
      - command: CREATE FUNCTION
        culprit: {kind: statement, object: CREATE EXTENSION pgcrypto, owner: carol}
      - command: CREATE TYPE
        culprit: {kind: statement, object: CREATE EXTENSION hstore, owner: carol}
  strict-trusted-chain-membership:
    blocked:
      - command: CREATE FUNCTION
        culprit: {kind: statement, object: CREATE EXTENSION pgcrypto, owner: carol}
      - command: CREATE TYPE
        culprit: {kind: statement, object: CREATE EXTENSION hstore, owner: carol}
  strict-trusted-chain-since-definer:
    blocked:
      - command: CREATE FUNCTION
        culprit: {kind: statement, object: CREATE EXTENSION pgcrypto, owner: carol}
      - command: CREATE TYPE
        culprit: {kind: statement, object: CREATE EXTENSION hstore, owner: carol}
  sandbox-untrusted:
    blocked:
      - command: CREATE FUNCTION
        culprit: {kind: statement, object: CREATE EXTENSION pgcrypto, owner: carol}
      - command: CREATE TYPE
        culprit: {kind: statement, object: CREATE EXTENSION hstore, owner: carol}
---*/

-- @setup
DO $$ BEGIN EXECUTE format('ALTER DATABASE %I OWNER TO carol', current_database()); END $$;
CREATE SCHEMA bob AUTHORIZATION bob;

-- @step carol
CREATE EXTENSION pgcrypto;
CREATE EXTENSION hstore;

-- @step bob
CREATE TABLE bob.users (login text PRIMARY KEY, password_hash text NOT NULL, attrs hstore);
INSERT INTO bob.users VALUES ('ann', crypt('correct horse', gen_salt('bf', 4)), 'team => blue, level => 2');
SELECT login FROM bob.users WHERE password_hash = crypt('correct horse', password_hash) AND attrs -> 'team' = 'blue';
