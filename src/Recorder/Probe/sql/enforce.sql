--
-- enforce: live enforcement (ENFORCEMENT.md).  mallory's trigger makes
-- mallory a superuser when a superuser inserts into her table; with the
-- built-in policy ddl-needs-trusted-chain enforced ("tracelab policies
-- compile ddl-needs-trusted-chain", the bytes below), block mode refuses
-- the ALTER ROLE with 42501 and the replayer's text, warn mode warns and
-- lets it run, off judges nothing; recording or not makes no difference.
-- A file that cannot be loaded is refused with the reason.
--
SET tracelab.enabled = off;
CREATE EXTENSION IF NOT EXISTS tracelab_probe;
CREATE ROLE enf_alice SUPERUSER;
CREATE ROLE enf_mallory;
CREATE SCHEMA enf_mallory AUTHORIZATION enf_mallory;
GRANT USAGE ON SCHEMA enf_mallory TO PUBLIC;
SET ROLE enf_mallory;
CREATE TABLE enf_mallory.t_orders(id integer, note text);
CREATE FUNCTION enf_mallory.trg_audit() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE 'ALTER ROLE enf_mallory SUPERUSER';
    RETURN NEW;
END $$;
CREATE TRIGGER trg_orders BEFORE INSERT ON enf_mallory.t_orders
    FOR EACH ROW EXECUTE FUNCTION enf_mallory.trg_audit();
GRANT INSERT ON enf_mallory.t_orders TO PUBLIC;
RESET ROLE;
-- the compiled policy, written where the server can read it
SELECT lo_from_bytea(0, '\x544c504f4c494359010000007902000013a20fbf030000001700000064646c2d6e656564732d747275737465642d636861696ef7010000436f756c6420616e796f6e65206861766520747269636b65642061207573657220696e746f206368616e67696e672074686520736368656d612c20726f6c6573206f722070726976696c656765733f20526f6265727420486161732773206578616d706c652072756c652028706773716c2d6861636b6572732c20323032362d30352d3238293a2072656675736520746f2075736520796f75722070726976696c6567657320746f20657865637574652044444c2c20726f6c65206f72206772616e7420636f6d6d616e647320756e6c65737320796f75207472757374206576657279206f776e657220696e207468652070726f76656e616e636520636861696e2c20776865726520796f7520747275737420796f757273656c6620616e642074686520726f6c65732074686174207765726520737570657275736572732061742074686174206d6f6d656e742e2052656164732c2077726974657320616e642063616c6c73206f6620756e7472757374656420636f646520746861742072756e206e6f207375636820636f6d6d616e6420706173733b207468652072756c65206973206e6f74206d65616e7420746f20626520746865206f6e6c79206f6e652c2062757420627920697473656c662069742073746f70732061206c6f74206f66206f6276696f757320736b756c6c647567676572792e0d000000756e747275737465642d64646c00000000010000000001000000020000000e000000ffffffffffffffff03000000000000000000000000000000000000000000000002ffffffff'::bytea) AS policy_lo \gset
SELECT lo_export(:policy_lo, '/tmp/tracelab_regress_enforce.tlpolicy') AS exported;
SELECT lo_unlink(:policy_lo) AS unlinked;
-- nothing is in force until a policy and a mode are set
SELECT policy_name IS NULL AS no_policy, mode FROM tracelab_enforcement();
SET tracelab.enforce_policy = '/tmp/tracelab_regress_enforce.tlpolicy';
SELECT policy_name, mode, rules, checksum FROM tracelab_enforcement();
-- block: the ALTER ROLE in mallory's trigger is refused, nothing else
SET tracelab.enforce_mode = block;
SET ROLE enf_alice;
INSERT INTO enf_mallory.t_orders VALUES (1, 'blocked');
RESET ROLE;
SELECT rolsuper FROM pg_roles WHERE rolname = 'enf_mallory';
SELECT count(*) AS orders FROM enf_mallory.t_orders;
-- the same while recording
SET tracelab.enabled = on;
SET ROLE enf_alice;
INSERT INTO enf_mallory.t_orders VALUES (2, 'blocked');
RESET ROLE;
SET tracelab.enabled = off;
-- an untrusted chain that runs no DDL passes
SET ROLE enf_alice;
SELECT count(*) AS visible FROM enf_mallory.t_orders;
RESET ROLE;
-- warn: the same text as a WARNING, and the ALTER ROLE runs
SET tracelab.enforce_mode = warn;
SET ROLE enf_alice;
INSERT INTO enf_mallory.t_orders VALUES (3, 'warned');
RESET ROLE;
SELECT rolsuper FROM pg_roles WHERE rolname = 'enf_mallory';
ALTER ROLE enf_mallory NOSUPERUSER;
-- off: nothing is judged
SET tracelab.enforce_mode = off;
SELECT policy_name, mode FROM tracelab_enforcement();
-- a file that cannot be loaded is refused, and the policy stays
SELECT lo_from_bytea(0, '\x544c504f4c494359'::bytea) AS broken_lo \gset
SELECT lo_export(:broken_lo, '/tmp/tracelab_regress_broken.tlpolicy') AS exported;
SELECT lo_unlink(:broken_lo) AS unlinked;
SET tracelab.enforce_policy = '/tmp/tracelab_regress_broken.tlpolicy';
SET tracelab.enforce_policy = '/tmp/tracelab_regress_missing.tlpolicy';
SELECT policy_name FROM tracelab_enforcement();
-- only superusers set it
SET ROLE enf_mallory;
SET tracelab.enforce_mode = off;
RESET ROLE;
RESET tracelab.enforce_policy;
RESET tracelab.enforce_mode;
DROP SCHEMA enf_mallory CASCADE;
DROP ROLE enf_alice;
DROP ROLE enf_mallory;
