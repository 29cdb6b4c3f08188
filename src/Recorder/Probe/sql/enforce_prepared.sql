--
-- enforce_prepared: EXECUTE under enforcement.  A statement prepared by the
-- user's own statement runs; one prepared in another role's function is
-- refused with the replayer's text; EXECUTE of a statement that does not
-- exist gets PostgreSQL's own error (26000), never the policy's, because it
-- runs no prepared code (the policy is the built-in strict-trusted-chain,
-- "tracelab policies compile strict-trusted-chain").  The statements are
-- prepared in warn mode: the probe knows a preparer only when it recorded or
-- enforced at the PREPARE (ENFORCEMENT.md).
--
SET tracelab.enabled = off;
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS tracelab_probe;
RESET client_min_messages;
CREATE ROLE enp_alice SUPERUSER;
CREATE ROLE enp_mallory;
CREATE SCHEMA enp_mallory AUTHORIZATION enp_mallory;
GRANT USAGE ON SCHEMA enp_mallory TO PUBLIC;
CREATE FUNCTION enp_mallory.init() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE 'PREPARE enp_theirs AS SELECT 2 AS theirs';
END $$;
ALTER FUNCTION enp_mallory.init() OWNER TO enp_mallory;
SELECT lo_from_bytea(0, '\x544c504f4c4943590100000079020000ca08a7c403000000140000007374726963742d747275737465642d636861696ef9010000446f657320616e79207573657220636f64652066726f6d20616e20756e74727573746564206f776e65722072756e2077697468207468652070726976696c65676573206f66206120757365722077686f20646f6573206e6f742074727573742074686174206f776e65723f20546865207374726963746573742072656164696e67206f66207468652070726f76656e616e636520696465613a206576657279206f7065726174696f6e2c20646f776e20746f206d6572656c792063616c6c696e6720612066756e6374696f6e2c206e65656473206120636861696e2077686f736520657665727920656e747279206973206f776e65642062792074686520657865637574696e672075736572206f72206279206120726f6c652074686174207761732061207375706572757365722061742074686174206d6f6d656e742e2047726f757020726f6c65732074686520757365722062656c6f6e677320746f2c2074797065206f75747075742066756e6374696f6e7320616e64206f70657261746f7220636c617373657320676574206e6f20657863657074696f6e2c20736f207468697320706f6c6963792073686f7773207468652066756c6c207072696365206f66207468652072756c653b206974732076617269616e74732073686f772077686174206561636820657863657074696f6e20627579732e0e000000756e747275737465642d636f6465000000000100000000010000000200000000000040ffffffffffffffff03000000000000000000000000000000000000000000000002ffffffff'::bytea) AS policy_lo \gset
SELECT lo_export(:policy_lo, '/tmp/tracelab_regress_enforce_prepared.tlpolicy') AS exported;
SELECT lo_unlink(:policy_lo) AS unlinked;
SET tracelab.enforce_policy = '/tmp/tracelab_regress_enforce_prepared.tlpolicy';
SET tracelab.enforce_mode = warn;
SET ROLE enp_alice;
PREPARE enp_mine AS SELECT 1 AS mine;
SELECT enp_mallory.init();
RESET ROLE;
SET tracelab.enforce_mode = block;
SELECT policy_name, mode FROM tracelab_enforcement();
SET ROLE enp_alice;
-- prepared by alice's own statement: runs
EXECUTE enp_mine;
-- prepared by mallory's function: refused
EXECUTE enp_theirs;
-- no such statement: PostgreSQL's own error, as without the probe
EXECUTE enp_missing;
EXPLAIN (COSTS OFF) EXECUTE enp_missing;
RESET ROLE;
SET tracelab.enforce_mode = off;
RESET tracelab.enforce_policy;
RESET tracelab.enforce_mode;
DEALLOCATE ALL;
DROP FUNCTION enp_mallory.init();
DROP SCHEMA enp_mallory;
DROP ROLE enp_mallory;
DROP ROLE enp_alice;
