--
-- prepared: a statement prepared by one role and executed by another
-- returns what it returns without the probe; the probe links EXECUTE to
-- its PREPARE and nests the re-analysis and the plan under EXECUTE.  Each
-- delta leaves out the frames of the counting query (whose plan, with
-- nothing in it, is not recorded).
--
-- setup, not recorded
SET tracelab.enabled = off;
CREATE SCHEMA regress_tl_probe;
CREATE EXTENSION tracelab_probe SCHEMA regress_tl_probe;
CREATE ROLE regress_tl_mallory;
CREATE ROLE regress_tl_alice;
CREATE SCHEMA regress_tl_prep AUTHORIZATION regress_tl_mallory;
GRANT USAGE ON SCHEMA regress_tl_prep TO regress_tl_alice;
SET ROLE regress_tl_mallory;
CREATE FUNCTION regress_tl_prep.f_who(i int) RETURNS text LANGUAGE plpgsql
  AS $$ BEGIN RETURN current_user || ':' || i; END $$;
CREATE TABLE regress_tl_prep.t(id int, note text);
INSERT INTO regress_tl_prep.t VALUES (1, 'one'), (2, 'two');
GRANT SELECT ON regress_tl_prep.t TO regress_tl_alice;
RESET ROLE;
RESET tracelab.enabled;

\set counts 'SELECT max(frames) FILTER (WHERE frame_type = ''QueryAnalyzed'') AS qa, max(frames) FILTER (WHERE frame_type = ''PlanStarted'') AS ps, max(frames) FILTER (WHERE frame_type = ''StatementStarted'') AS ss, max(frames) FILTER (WHERE frame_type = ''FunctionEntered'') AS fe, max(frames) FILTER (WHERE frame_type = ''RoleSwitched'') AS rs FROM regress_tl_probe.tracelab_probe_frame_counts()'
\set deltas 'SELECT qa - :b_qa AS analyzed, ps - :b_ps AS plans, ss - :b_ss - 1 AS statements, fe - :b_fe - 1 AS calls, rs - :b_rs AS role_switches FROM (' :counts ') c'
-- run both counting queries once, so that they are never analysed again:
-- a top-level query repeated under the same roles is analysed once per
-- session (0.5), so the analyses counted are those of the statements
:counts \gset b_
:deltas \gset warm_

-- prepared by mallory
:counts \gset b_
SET ROLE regress_tl_mallory;
PREPARE p_who(int) AS
  SELECT regress_tl_prep.f_who($1), note FROM regress_tl_prep.t WHERE id = $1;
RESET ROLE;
:deltas;

-- executed by alice, twice
:counts \gset b_
SET ROLE regress_tl_alice;
EXECUTE p_who(1);
EXECUTE p_who(2);
RESET ROLE;
:deltas;

SELECT name, statement FROM pg_prepared_statements ORDER BY name;
DEALLOCATE p_who;
EXECUTE p_who(1);

-- PREPARE again under the same name, then DISCARD ALL
PREPARE p_who AS SELECT 1 AS one;
EXECUTE p_who;
DISCARD ALL;
EXECUTE p_who;
SELECT count(*) AS prepared FROM pg_prepared_statements;

-- a prepared statement that fails when executed
PREPARE p_div(int) AS SELECT 10 / $1 AS q;
EXECUTE p_div(5);
EXECUTE p_div(0);
DEALLOCATE ALL;

-- cleanup, not recorded
SET tracelab.enabled = off;
DROP SCHEMA regress_tl_prep CASCADE;
DROP SCHEMA regress_tl_probe CASCADE;
DROP ROLE regress_tl_mallory;
DROP ROLE regress_tl_alice;
