/*---
title: The same role names in another scenario stay apart
pattern: Isolation of concurrent scenarios (test catalogue of the suite runner)
description: >
  Declares alice and mallory too, and runs while the attack makes its mallory a superuser: this
  scenario's mallory must stay an ordinary role, and its schema of the same name its own.
roles:
  alice: {superuser: true}
  mallory: {}
reality:
  query: SELECT rolsuper FROM pg_roles WHERE rolname = 'mallory'
  expect: "f"
expect:
  permissive: allowed
  ddl-needs-trusted-chain: allowed
---*/

-- @setup
CREATE SCHEMA mallory AUTHORIZATION mallory;

-- @step mallory
CREATE TABLE mallory.t_notes(note text);
INSERT INTO mallory.t_notes SELECT 'written while the other scenario runs' FROM pg_sleep(1);
CREATE FUNCTION mallory.f_own() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE 'CREATE TABLE IF NOT EXISTS mallory.t_more(n integer)';
END $$;
SELECT mallory.f_own();
