--
-- utility: role switches, changes to objects (ALTER ROLE ... SUPERUSER,
-- GRANT, CREATE, DROP), and maintenance commands that run the index
-- expressions of a table as its owner return what they return without the
-- probe.  Each delta leaves out the frames of the counting query.
--
-- setup, not recorded
SET tracelab.enabled = off;
CREATE SCHEMA regress_tl_probe;
CREATE EXTENSION tracelab_probe SCHEMA regress_tl_probe;
CREATE ROLE regress_tl_mallory;
CREATE ROLE regress_tl_bob;
GRANT regress_tl_mallory TO regress_tl_bob;
CREATE SCHEMA regress_tl_util AUTHORIZATION regress_tl_mallory;
SET ROLE regress_tl_mallory;
CREATE FUNCTION regress_tl_util.f_idx(int) RETURNS int LANGUAGE plpgsql
  IMMUTABLE AS $$ BEGIN RETURN $1 + 1; END $$;
CREATE TABLE regress_tl_util.t_idx(x int);
CREATE INDEX t_idx_expr ON regress_tl_util.t_idx (regress_tl_util.f_idx(x));
INSERT INTO regress_tl_util.t_idx SELECT generate_series(1, 10);
CREATE MATERIALIZED VIEW regress_tl_util.m AS
  SELECT regress_tl_util.f_idx(x) AS y FROM regress_tl_util.t_idx;
RESET ROLE;
RESET tracelab.enabled;

\set counts 'SELECT max(frames) FILTER (WHERE frame_type = ''RoleSwitched'') AS rs, max(frames) FILTER (WHERE frame_type = ''ObjectChanged'') AS oc, max(frames) FILTER (WHERE frame_type = ''FunctionEntered'') AS fe, max(frames) FILTER (WHERE frame_type = ''StatementStarted'') AS ss FROM regress_tl_probe.tracelab_probe_frame_counts()'
\set deltas 'SELECT rs - :b_rs AS role_switches, oc - :b_oc AS objects_changed, fe - :b_fe - 1 AS calls, ss - :b_ss - 1 AS statements FROM (' :counts ') c'

-- SET ROLE, RESET ROLE, SET SESSION AUTHORIZATION and SET LOCAL ROLE
:counts \gset b_
SET ROLE regress_tl_mallory;
SELECT current_user, session_user = current_user AS same;
RESET ROLE;
SET SESSION AUTHORIZATION regress_tl_bob;
SELECT current_user;
RESET SESSION AUTHORIZATION;
BEGIN;
SET LOCAL ROLE regress_tl_mallory;
SELECT current_user;
COMMIT;
SELECT current_user = session_user AS back;
:deltas;

-- a role switch through set_config() and inside a function
:counts \gset b_
SELECT set_config('role', 'regress_tl_bob', false) AS role;
RESET ROLE;
DO $$ BEGIN SET ROLE regress_tl_bob; RESET ROLE; END $$;
:deltas;

-- ALTER ROLE ... SUPERUSER, GRANT, CREATE and DROP change objects
:counts \gset b_
ALTER ROLE regress_tl_mallory SUPERUSER;
SELECT rolsuper FROM pg_roles WHERE rolname = 'regress_tl_mallory';
ALTER ROLE regress_tl_mallory NOSUPERUSER;
GRANT SELECT ON regress_tl_util.t_idx TO regress_tl_bob;
CREATE TABLE regress_tl_util.t_tmp(a int);
DROP TABLE regress_tl_util.t_tmp;
SELECT role_switches, objects_changed >= 5 AS objects_changed
  FROM (:deltas) d;

-- ANALYZE, VACUUM FULL, CLUSTER, REINDEX and REFRESH run the index
-- expression as the table owner
:counts \gset b_
ANALYZE regress_tl_util.t_idx;
VACUUM FULL regress_tl_util.t_idx;
CLUSTER regress_tl_util.t_idx USING t_idx_expr;
REINDEX TABLE regress_tl_util.t_idx;
REFRESH MATERIALIZED VIEW regress_tl_util.m;
SELECT calls >= 50 AS index_expression_calls, statements FROM (:deltas) d;
SELECT count(*) FROM regress_tl_util.m;

-- TRUNCATE, LOCK, and names that do not resolve
BEGIN;
LOCK TABLE regress_tl_util.t_idx IN SHARE MODE;
TRUNCATE regress_tl_util.t_idx;
ROLLBACK;
VACUUM regress_tl_util.no_such_table;
VACUUM no_such_schema.t;
SELECT count(*) FROM regress_tl_util.t_idx;

-- cleanup, not recorded
SET tracelab.enabled = off;
DROP SCHEMA regress_tl_util CASCADE;
DROP SCHEMA regress_tl_probe CASCADE;
DROP ROLE regress_tl_bob;
DROP ROLE regress_tl_mallory;
