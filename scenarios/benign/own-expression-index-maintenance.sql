/*---
title: Maintenance of one's own expression index
pattern: Benign ANALYZE, REINDEX and VACUUM FULL by the owner of a table whose index calls the owner's function
description: >
  bob owns a table with an expression index over his own normalisation function. He loads rows,
  then runs ANALYZE, REINDEX and VACUUM FULL on it: the index expression runs as bob, the table owner,
  and every entry of every chain is bob's.
roles:
  bob: {}
expect: {permissive: allowed, ddl-needs-trusted-chain: allowed, no-untrusted-code-as-superuser: allowed, sandbox-untrusted: allowed, strict-trusted-chain: allowed, strict-trusted-chain-infrastructure: allowed,
  strict-trusted-chain-membership: allowed, strict-trusted-chain-since-definer: allowed}
---*/

-- @setup
CREATE SCHEMA bob AUTHORIZATION bob;

-- @step bob
CREATE FUNCTION bob.normalize_email(e text) RETURNS text LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
    RETURN lower(trim(e));
END $$;
CREATE TABLE bob.subscribers(id integer, email text);
CREATE INDEX subscribers_email ON bob.subscribers (bob.normalize_email(email));
INSERT INTO bob.subscribers SELECT g, ' Reader' || g || '@Example.com ' FROM generate_series(1, 20) g;
ANALYZE bob.subscribers;
REINDEX TABLE bob.subscribers;
VACUUM FULL bob.subscribers;
SELECT count(*) FROM bob.subscribers WHERE bob.normalize_email(email) = 'reader7@example.com';
