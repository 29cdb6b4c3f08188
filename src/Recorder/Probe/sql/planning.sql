--
-- planning: user code the planner runs (folding immutable functions into
-- constants, selectivity estimators, range subtype_diff) runs under a
-- PlanStarted frame, also for plans that never run (EXPLAIN without
-- ANALYZE), and returns what it returns without the probe.  Each delta
-- leaves out the frames of the counting query (whose plan, with nothing
-- in it, is not recorded).
--
-- setup, not recorded
SET tracelab.enabled = off;
CREATE SCHEMA regress_tl_probe;
CREATE EXTENSION tracelab_probe SCHEMA regress_tl_probe;
CREATE SCHEMA regress_tl_plan;
CREATE FUNCTION regress_tl_plan.f_imm(int) RETURNS int LANGUAGE plpgsql
  IMMUTABLE AS $$ BEGIN RETURN $1 + 1; END $$;
CREATE FUNCTION regress_tl_plan.f_sel(internal, oid, internal, integer)
  RETURNS float8 LANGUAGE internal STABLE STRICT AS 'eqsel';
CREATE OPERATOR regress_tl_plan.=== (LEFTARG = int, RIGHTARG = int,
  FUNCTION = int4eq, RESTRICT = regress_tl_plan.f_sel);
CREATE TABLE regress_tl_plan.t(x int);
INSERT INTO regress_tl_plan.t SELECT generate_series(1, 20);
CREATE FUNCTION regress_tl_plan.f_diff(float8, float8) RETURNS float8
  LANGUAGE plpgsql IMMUTABLE AS $$ BEGIN RETURN $1 - $2; END $$;
CREATE TYPE regress_tl_plan.frange AS RANGE (subtype = float8,
  subtype_diff = regress_tl_plan.f_diff);
CREATE TABLE regress_tl_plan.t_rng(r regress_tl_plan.frange);
RESET tracelab.enabled;

\set counts 'SELECT max(frames) FILTER (WHERE frame_type = ''PlanStarted'') AS ps, max(frames) FILTER (WHERE frame_type = ''PlanFinished'') AS pf, max(frames) FILTER (WHERE frame_type = ''StatementStarted'') AS ss, max(frames) FILTER (WHERE frame_type = ''FunctionEntered'') AS fe FROM regress_tl_probe.tracelab_probe_frame_counts()'
\set deltas 'SELECT ps - :b_ps AS plans, pf - :b_pf AS plans_finished, ss - :b_ss - 1 AS statements, fe - :b_fe - 1 AS calls FROM (' :counts ') c'

-- an immutable function folded into a constant by a plan that never runs
:counts \gset b_
EXPLAIN (COSTS OFF) SELECT * FROM regress_tl_plan.t WHERE x = regress_tl_plan.f_imm(3);
:deltas;

-- a selectivity estimator
:counts \gset b_
EXPLAIN (COSTS OFF) SELECT * FROM regress_tl_plan.t WHERE x OPERATOR(regress_tl_plan.===) 3;
:deltas;

-- the same statements run
SELECT * FROM regress_tl_plan.t WHERE x = regress_tl_plan.f_imm(3);
SELECT * FROM regress_tl_plan.t WHERE x OPERATOR(regress_tl_plan.===) 3;

-- a range type's subtype_diff, run by ANALYZE and by the planner (the
-- probe only sees it through a type cache filled while recording)
INSERT INTO regress_tl_plan.t_rng
  SELECT regress_tl_plan.frange(g, g + 10) FROM generate_series(1, 200) g;
:counts \gset b_
ANALYZE regress_tl_plan.t_rng;
SELECT fe - :b_fe - 1 > 1 AS subtype_diff_called FROM (:counts) c;
:counts \gset b_
EXPLAIN (COSTS OFF) SELECT count(*) FROM regress_tl_plan.t_rng
  WHERE r <@ regress_tl_plan.frange(50, 60);
SELECT ps - :b_ps AS plans, fe - :b_fe - 1 > 1 AS subtype_diff_called
  FROM (:counts) c;
SELECT count(*) FROM regress_tl_plan.t_rng WHERE r <@ regress_tl_plan.frange(50, 60);

-- a plan that fails while folding constants
:counts \gset b_
SELECT * FROM regress_tl_plan.t WHERE x = 1 / 0;
:deltas;

-- cleanup, not recorded
SET tracelab.enabled = off;
DROP SCHEMA regress_tl_plan CASCADE;
DROP SCHEMA regress_tl_probe CASCADE;
