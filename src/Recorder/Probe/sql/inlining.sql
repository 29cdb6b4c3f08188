--
-- inlining: PostgreSQL inlines SQL functions exactly as it does without
-- the probe, so every query returns the same rows, errors and notices and
-- gets the same plan with recording on and off; each inlined call is
-- still recorded, as a FunctionEntered of phase planning.  Every case runs
-- with recording off first, then on: the outputs must be identical.
--
-- setup, not recorded; EXPLAIN VERBOSE without query ids, which the probe
-- turns on (as pg_stat_statements does)
SET compute_query_id = regress;
SET tracelab.enabled = off;
CREATE SCHEMA regress_tl_probe;
CREATE EXTENSION tracelab_probe SCHEMA regress_tl_probe;
CREATE SCHEMA regress_tl_inl;
CREATE FUNCTION regress_tl_inl.plus_one(int) RETURNS int LANGUAGE sql
  AS 'SELECT $1 + 1';
CREATE FUNCTION regress_tl_inl.bleat(int) RETURNS int LANGUAGE plpgsql
  AS $$ BEGIN RAISE NOTICE 'bleat %', $1; RETURN $1; END $$;
CREATE FUNCTION regress_tl_inl.sql_if(bool, int, int) RETURNS int
  LANGUAGE sql AS 'SELECT CASE WHEN $1 THEN $2 ELSE $3 END';
CREATE FUNCTION regress_tl_inl.wrap(int) RETURNS int LANGUAGE sql
  AS 'SELECT regress_tl_inl.bleat(regress_tl_inl.plus_one($1))';
CREATE FUNCTION regress_tl_inl.atomic_twice(int) RETURNS int LANGUAGE sql
  BEGIN ATOMIC SELECT $1 * 2; END;
CREATE FUNCTION regress_tl_inl.rows_upto(int) RETURNS SETOF int
  LANGUAGE sql STABLE AS 'SELECT g FROM generate_series(1, $1) g';
CREATE FUNCTION regress_tl_inl.two_steps(int) RETURNS int LANGUAGE sql
  AS 'SELECT 1; SELECT $1 + 2';
CREATE FUNCTION regress_tl_inl.definer(int) RETURNS int LANGUAGE sql
  SECURITY DEFINER AS 'SELECT $1 + 3';
CREATE FUNCTION regress_tl_inl.definer_rows(int) RETURNS SETOF int
  LANGUAGE sql STABLE SECURITY DEFINER
  AS 'SELECT g FROM generate_series(1, $1) g';
CREATE FUNCTION regress_tl_inl.imm_fold(int) RETURNS int LANGUAGE plpgsql
  IMMUTABLE AS $$ BEGIN RETURN $1 * 10; END $$;
CREATE FUNCTION regress_tl_inl.wrap_fold(int) RETURNS int LANGUAGE sql
  IMMUTABLE AS 'SELECT regress_tl_inl.imm_fold(4) + $1';
CREATE FUNCTION regress_tl_inl.same(int, int) RETURNS bool LANGUAGE sql
  IMMUTABLE AS 'SELECT $1 = $2';
CREATE OPERATOR regress_tl_inl.=== (LEFTARG = int, RIGHTARG = int,
  FUNCTION = regress_tl_inl.same);
CREATE TABLE regress_tl_inl.t(id int);
INSERT INTO regress_tl_inl.t VALUES (1), (2);
RESET tracelab.enabled;

\set counts 'SELECT max(frames) FILTER (WHERE frame_type = ''FunctionEntered'') AS fe, max(frames) FILTER (WHERE frame_type = ''PlanStarted'') AS ps FROM regress_tl_probe.tracelab_probe_frame_counts()'
\set calls 'SELECT fe - :b_fe - 1 AS calls FROM (' :counts ') c'

-- a scalar SQL function in the select list: inlined either way
SET tracelab.enabled = off;
EXPLAIN (COSTS OFF, VERBOSE) SELECT regress_tl_inl.plus_one(id) FROM regress_tl_inl.t;
SELECT regress_tl_inl.plus_one(id) FROM regress_tl_inl.t;
RESET tracelab.enabled;
:counts \gset b_
EXPLAIN (COSTS OFF, VERBOSE) SELECT regress_tl_inl.plus_one(id) FROM regress_tl_inl.t;
:calls;
:counts \gset b_
SELECT regress_tl_inl.plus_one(id) FROM regress_tl_inl.t;
:calls;

-- a CASE in an inlined body evaluates only the branch it takes, so the
-- volatile arguments run (and raise notices) as often as without the probe
SET tracelab.enabled = off;
SELECT id, regress_tl_inl.sql_if(id > 1, regress_tl_inl.bleat(id),
                                 regress_tl_inl.bleat(id + 10))
  FROM regress_tl_inl.t ORDER BY id;
RESET tracelab.enabled;
SELECT id, regress_tl_inl.sql_if(id > 1, regress_tl_inl.bleat(id),
                                 regress_tl_inl.bleat(id + 10))
  FROM regress_tl_inl.t ORDER BY id;

-- a SQL function inlined into another's body: both recorded at planning,
-- the PL/pgSQL function of the body runs (and is recorded) per row
SET tracelab.enabled = off;
EXPLAIN (COSTS OFF, VERBOSE) SELECT regress_tl_inl.wrap(id) FROM regress_tl_inl.t;
RESET tracelab.enabled;
:counts \gset b_
EXPLAIN (COSTS OFF, VERBOSE) SELECT regress_tl_inl.wrap(id) FROM regress_tl_inl.t;
:calls;
:counts \gset b_
SELECT regress_tl_inl.wrap(id) FROM regress_tl_inl.t ORDER BY 1;
:calls;

-- a BEGIN ATOMIC body and an operator implemented by a SQL function
SET tracelab.enabled = off;
EXPLAIN (COSTS OFF, VERBOSE) SELECT regress_tl_inl.atomic_twice(id)
  FROM regress_tl_inl.t WHERE id OPERATOR(regress_tl_inl.===) 2;
RESET tracelab.enabled;
:counts \gset b_
EXPLAIN (COSTS OFF, VERBOSE) SELECT regress_tl_inl.atomic_twice(id)
  FROM regress_tl_inl.t WHERE id OPERATOR(regress_tl_inl.===) 2;
:calls;

-- an immutable function folded while the planner simplifies an inlined
-- body: the inlined call and the folded call are both recorded
SET tracelab.enabled = off;
EXPLAIN (COSTS OFF, VERBOSE) SELECT regress_tl_inl.wrap_fold(id) FROM regress_tl_inl.t;
RESET tracelab.enabled;
:counts \gset b_
EXPLAIN (COSTS OFF, VERBOSE) SELECT regress_tl_inl.wrap_fold(id) FROM regress_tl_inl.t;
:calls;

-- a set-returning SQL function in FROM is inlined as a subquery
SET tracelab.enabled = off;
EXPLAIN (COSTS OFF) SELECT * FROM regress_tl_inl.rows_upto(3) r;
RESET tracelab.enabled;
:counts \gset b_
EXPLAIN (COSTS OFF) SELECT * FROM regress_tl_inl.rows_upto(3) r;
:calls;

-- functions PostgreSQL never inlines still run, and are recorded, as calls
:counts \gset b_
SELECT regress_tl_inl.two_steps(1), regress_tl_inl.definer(1);
:calls;

-- an expression that passes the immutability check only once inlined
SET tracelab.enabled = off;
CREATE TABLE regress_tl_inl.p_off (a int) PARTITION BY RANGE (regress_tl_inl.plus_one(a));
RESET tracelab.enabled;
CREATE TABLE regress_tl_inl.p_on (a int) PARTITION BY RANGE (regress_tl_inl.plus_one(a));
CREATE INDEX ON regress_tl_inl.t ((regress_tl_inl.plus_one(id)));

-- error context lines name what PostgreSQL names
SET tracelab.enabled = off;
SELECT regress_tl_inl.plus_one(2147483647);
RESET tracelab.enabled;
SELECT regress_tl_inl.plus_one(2147483647);

-- a new session whose first user function is a SECURITY DEFINER function
-- in FROM, which the inliner asks about but fmgr_info does not (so the
-- probe cannot learn fmgr's callers from it), still inlines the next one
\c -
SET compute_query_id = regress;
SELECT * FROM regress_tl_inl.definer_rows(2);
EXPLAIN (COSTS OFF, VERBOSE) SELECT regress_tl_inl.plus_one(id) FROM regress_tl_inl.t;

-- cleanup, not recorded
SET tracelab.enabled = off;
DROP SCHEMA regress_tl_inl CASCADE;
DROP SCHEMA regress_tl_probe CASCADE;
