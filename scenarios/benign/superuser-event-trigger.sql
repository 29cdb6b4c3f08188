/*---
title: A superuser's audit event trigger fires on ordinary roles' DDL
pattern: Benign event trigger whose function a superuser owns (SECURITY DEFINER, pinned search_path)
description: >
  dba, a superuser, installed an audit event trigger whose function is dba's own, SECURITY DEFINER
  with a pinned search_path, and logs every DDL command into dba's audit table. carol, an ordinary
  role, creates and alters a table in her own schema: the event trigger fires on her DDL. Every
  owner in the chain is carol or a superuser.
roles:
  dba: {superuser: true}
  carol: {}
expect:
  permissive: allowed
  ddl-needs-trusted-chain: allowed
  no-untrusted-code-as-superuser:
    blocked:
      - command: EXECUTE FUNCTION
        culprit: {kind: statement, object: 'CREATE TABLE carol.notes(id integer, body text)', owner: carol}
  sandbox-untrusted:
    blocked:
      - command: INSERT
        culprit: {kind: statement, object: 'CREATE TABLE carol.notes(id integer, body text)', owner: carol}
  strict-trusted-chain:
    blocked:
      - command: EXECUTE FUNCTION
        culprit: {kind: statement, object: 'CREATE TABLE carol.notes(id integer, body text)', owner: carol}
  strict-trusted-chain-infrastructure:
    blocked:
      - command: EXECUTE FUNCTION
        culprit: {kind: statement, object: 'CREATE TABLE carol.notes(id integer, body text)', owner: carol}
  strict-trusted-chain-membership:
    blocked:
      - command: EXECUTE FUNCTION
        culprit: {kind: statement, object: 'CREATE TABLE carol.notes(id integer, body text)', owner: carol}
  strict-trusted-chain-since-definer: allowed
---*/

-- @setup
CREATE SCHEMA audit AUTHORIZATION dba;
CREATE SCHEMA carol AUTHORIZATION carol;
SET ROLE dba;
CREATE TABLE audit.ddl_log(at timestamptz, tag text, who name);
CREATE FUNCTION audit.log_ddl() RETURNS event_trigger LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    INSERT INTO audit.ddl_log VALUES (now(), tg_tag, session_user);
END $$;
CREATE EVENT TRIGGER audit_ddl ON ddl_command_end EXECUTE FUNCTION audit.log_ddl();
RESET ROLE;

-- @step carol
CREATE TABLE carol.notes(id integer, body text);
ALTER TABLE carol.notes ADD COLUMN created timestamptz DEFAULT now();
CREATE INDEX notes_created ON carol.notes (created);
