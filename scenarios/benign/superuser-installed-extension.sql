/*---
title: Extension installed by a superuser, used by ordinary roles
pattern: Benign use of superuser-owned extension code (citext, pg_trgm)
description: >
  The bootstrap superuser installs citext and pg_trgm. bob, an ordinary role, stores
  case-insensitive user names in a citext column, looks one up with citext's equality
  operator and ranks names by trigram similarity. The extensions' types, operators and
  functions belong to a superuser.
roles:
  bob: {}
reality:
  query: SELECT count(*) FROM bob.accounts WHERE login = 'ANN'
  expect: "1"
expect:
  permissive: allowed
  ddl-needs-trusted-chain: allowed
  no-untrusted-code-as-superuser: allowed
  strict-trusted-chain: allowed
  strict-trusted-chain-infrastructure: allowed
  strict-trusted-chain-membership: allowed
  strict-trusted-chain-since-definer: allowed
  sandbox-untrusted: allowed
---*/

-- @setup
CREATE EXTENSION citext;
CREATE EXTENSION pg_trgm;
CREATE SCHEMA bob AUTHORIZATION bob;

-- @step bob
CREATE TABLE bob.accounts (login citext PRIMARY KEY, full_name text NOT NULL);
INSERT INTO bob.accounts VALUES ('ann', 'Ann Example'), ('Bo', 'Bo Sample');
SELECT full_name FROM bob.accounts WHERE login = 'ANN';
SELECT login, similarity(full_name, 'Anne Exampel') AS score FROM bob.accounts ORDER BY score DESC;
