--
-- enforce_stored_code: a call that stored code brings into a statement is
-- judged with that code in its chain, as the replayer's CallAttribution
-- puts it there: a view (from the view the query named, down the views it
-- references to the one whose own body calls the function) and the CHECK
-- constraint of a domain the query coerces to (the policy is the built-in
-- strict-trusted-chain, "tracelab policies compile strict-trusted-chain";
-- the stored code of a table a statement writes (a CHECK constraint, a
-- column default) and of a table a maintenance command processes (an index
-- expression, with the maintenance link saying the code runs as the
-- table's owner), a row-security policy the plan applied, and a SQL
-- function the planner inlined (the call comes from its body);
-- recording is off, so this is enforcement alone).
--
SET tracelab.enabled = off;
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS tracelab_probe;
RESET client_min_messages;
CREATE ROLE env_alice SUPERUSER;
CREATE ROLE env_dba;
CREATE ROLE env_mallory;
CREATE SCHEMA env_reports AUTHORIZATION env_dba;
CREATE SCHEMA env_mallory AUTHORIZATION env_mallory;
GRANT USAGE ON SCHEMA env_reports, env_mallory TO PUBLIC;
CREATE FUNCTION env_mallory.fmt(integer) RETURNS text
LANGUAGE plpgsql AS $$ BEGIN RETURN 'n=' || $1; END $$;
ALTER FUNCTION env_mallory.fmt(integer) OWNER TO env_mallory;
CREATE TABLE env_reports.sales (n integer);
INSERT INTO env_reports.sales VALUES (1);
CREATE VIEW env_mallory.inner_v AS SELECT env_mallory.fmt(n) AS label FROM env_reports.sales;
ALTER VIEW env_mallory.inner_v OWNER TO env_mallory;
CREATE VIEW env_reports.direct_v AS SELECT env_mallory.fmt(n) AS label FROM env_reports.sales;
CREATE VIEW env_reports.outer_v AS SELECT label FROM env_mallory.inner_v;
ALTER VIEW env_reports.direct_v OWNER TO env_dba;
ALTER VIEW env_reports.outer_v OWNER TO env_dba;
ALTER TABLE env_reports.sales OWNER TO env_dba;
CREATE FUNCTION env_mallory.positive(integer) RETURNS boolean
LANGUAGE plpgsql AS $$ BEGIN RETURN $1 > 0; END $$;
ALTER FUNCTION env_mallory.positive(integer) OWNER TO env_mallory;
CREATE DOMAIN env_mallory.amount AS integer CONSTRAINT amount_positive CHECK (env_mallory.positive(VALUE));
CREATE DOMAIN env_reports.small_amount AS env_mallory.amount CHECK (VALUE < 100);
ALTER DOMAIN env_mallory.amount OWNER TO env_mallory;
ALTER DOMAIN env_reports.small_amount OWNER TO env_dba;
CREATE FUNCTION env_mallory.bucket(integer) RETURNS integer
LANGUAGE plpgsql IMMUTABLE AS $$ BEGIN RETURN $1 / 10; END $$;
ALTER FUNCTION env_mallory.bucket(integer) OWNER TO env_mallory;
CREATE FUNCTION env_mallory.next_n() RETURNS integer
LANGUAGE plpgsql AS $$ BEGIN RETURN 7; END $$;
ALTER FUNCTION env_mallory.next_n() OWNER TO env_mallory;
CREATE TABLE env_reports.checked (n integer CONSTRAINT n_positive CHECK (env_mallory.positive(n)));
CREATE TABLE env_reports.defaulted (id integer, n integer DEFAULT env_mallory.next_n());
CREATE TABLE env_reports.indexed (n integer);
INSERT INTO env_reports.indexed VALUES (15);
CREATE INDEX indexed_bucket ON env_reports.indexed (env_mallory.bucket(n));
ALTER TABLE env_reports.checked OWNER TO env_dba;
ALTER TABLE env_reports.defaulted OWNER TO env_dba;
ALTER TABLE env_reports.indexed OWNER TO env_dba;
CREATE FUNCTION env_reports.wrap(integer) RETURNS text
LANGUAGE sql AS 'SELECT env_mallory.fmt($1)';
ALTER FUNCTION env_reports.wrap(integer) OWNER TO env_dba;
CREATE TABLE env_reports.docs (n integer);
INSERT INTO env_reports.docs VALUES (4);
ALTER TABLE env_reports.docs ENABLE ROW LEVEL SECURITY;
ALTER TABLE env_reports.docs FORCE ROW LEVEL SECURITY;
CREATE POLICY docs_positive ON env_reports.docs USING (env_mallory.positive(n));
ALTER TABLE env_reports.docs OWNER TO env_dba;
GRANT SELECT ON env_reports.sales TO PUBLIC;
GRANT SELECT ON env_mallory.inner_v TO PUBLIC;
SELECT lo_from_bytea(0, '\x544c504f4c4943590100000079020000ca08a7c403000000140000007374726963742d747275737465642d636861696ef9010000446f657320616e79207573657220636f64652066726f6d20616e20756e74727573746564206f776e65722072756e2077697468207468652070726976696c65676573206f66206120757365722077686f20646f6573206e6f742074727573742074686174206f776e65723f20546865207374726963746573742072656164696e67206f66207468652070726f76656e616e636520696465613a206576657279206f7065726174696f6e2c20646f776e20746f206d6572656c792063616c6c696e6720612066756e6374696f6e2c206e65656473206120636861696e2077686f736520657665727920656e747279206973206f776e65642062792074686520657865637574696e672075736572206f72206279206120726f6c652074686174207761732061207375706572757365722061742074686174206d6f6d656e742e2047726f757020726f6c65732074686520757365722062656c6f6e677320746f2c2074797065206f75747075742066756e6374696f6e7320616e64206f70657261746f7220636c617373657320676574206e6f20657863657074696f6e2c20736f207468697320706f6c6963792073686f7773207468652066756c6c207072696365206f66207468652072756c653b206974732076617269616e74732073686f772077686174206561636820657863657074696f6e20627579732e0e000000756e747275737465642d636f6465000000000100000000010000000200000000000040ffffffffffffffff03000000000000000000000000000000000000000000000002ffffffff'::bytea) AS policy_lo \gset
SELECT lo_export(:policy_lo, '/tmp/tracelab_regress_enforce_stored_code.tlpolicy') AS exported;
SELECT lo_unlink(:policy_lo) AS unlinked;
SET tracelab.enforce_policy = '/tmp/tracelab_regress_enforce_stored_code.tlpolicy';
SET tracelab.enforce_mode = block;
SET ROLE env_alice;
-- the view the query named calls the function
SELECT * FROM env_reports.direct_v;
-- through a view of a view: both views, from the one named
SELECT * FROM env_reports.outer_v;
-- written in the statement itself: no view
SELECT env_mallory.fmt(n) FROM env_reports.sales;
-- a domain's CHECK constraint, through a domain based on it
SELECT 5::env_reports.small_amount;
-- a CHECK constraint of the table written
INSERT INTO env_reports.checked VALUES (3);
-- a column default of the table written
INSERT INTO env_reports.defaulted (id) VALUES (1);
-- an index expression, run by REINDEX as the table's owner
REINDEX TABLE env_reports.indexed;
-- a SQL function inlined into the statement calls the function
SELECT env_reports.wrap(n) FROM env_reports.sales;
RESET ROLE;
-- a row-security policy, applied to its owner (FORCE ROW LEVEL SECURITY)
SET ROLE env_dba;
SELECT * FROM env_reports.docs;
RESET ROLE;
SET tracelab.enforce_mode = off;
RESET tracelab.enforce_policy;
RESET tracelab.enforce_mode;
DROP SCHEMA env_reports CASCADE;
DROP SCHEMA env_mallory CASCADE;
DROP ROLE env_mallory;
DROP ROLE env_dba;
DROP ROLE env_alice;
