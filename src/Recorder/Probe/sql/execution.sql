--
-- execution: user code reached through operators, casts, aggregates,
-- domains, triggers (also on COPY and deferred to COMMIT), event triggers,
-- foreign keys, procedures that commit, exception blocks and parallel
-- workers returns what it returns without the probe.  Each delta leaves
-- out the frames of the counting query.
--
-- setup, not recorded
SET tracelab.enabled = off;
CREATE SCHEMA regress_tl_probe;
CREATE EXTENSION tracelab_probe SCHEMA regress_tl_probe;
CREATE ROLE regress_tl_mallory;
CREATE SCHEMA regress_tl_exec AUTHORIZATION regress_tl_mallory;
SET ROLE regress_tl_mallory;
CREATE FUNCTION regress_tl_exec.f_plus(int, int) RETURNS int LANGUAGE plpgsql
  AS $$ BEGIN RETURN $1 * 100 - $2; END $$;
CREATE OPERATOR regress_tl_exec.+ (LEFTARG = int, RIGHTARG = int,
  FUNCTION = regress_tl_exec.f_plus);
CREATE FUNCTION regress_tl_exec.f_acc(int, int) RETURNS int LANGUAGE plpgsql
  AS $$ BEGIN RETURN coalesce($1, 0) - $2; END $$;
CREATE AGGREGATE regress_tl_exec.sum(int) (SFUNC = regress_tl_exec.f_acc,
  STYPE = int);
CREATE TYPE regress_tl_exec.money2 AS (v int);
CREATE FUNCTION regress_tl_exec.f_cast(int) RETURNS regress_tl_exec.money2
  LANGUAGE plpgsql AS $$ BEGIN RETURN ROW($1 * 2)::regress_tl_exec.money2; END $$;
CREATE CAST (int AS regress_tl_exec.money2)
  WITH FUNCTION regress_tl_exec.f_cast(int);
CREATE FUNCTION regress_tl_exec.f_dom(int) RETURNS bool LANGUAGE plpgsql
  IMMUTABLE AS $$ BEGIN RETURN $1 BETWEEN 0 AND 9; END $$;
CREATE DOMAIN regress_tl_exec.digit AS int CHECK (regress_tl_exec.f_dom(VALUE));
CREATE TABLE regress_tl_exec.t_copy(a int, b text);
CREATE FUNCTION regress_tl_exec.trg_copy() RETURNS trigger LANGUAGE plpgsql
  AS $$ BEGIN NEW.b := upper(NEW.b); RETURN NEW; END $$;
CREATE TRIGGER trg_copy BEFORE INSERT ON regress_tl_exec.t_copy
  FOR EACH ROW EXECUTE FUNCTION regress_tl_exec.trg_copy();
CREATE TABLE regress_tl_exec.t_def(a int);
CREATE TABLE regress_tl_exec.t_seen(a int);
CREATE FUNCTION regress_tl_exec.trg_def() RETURNS trigger LANGUAGE plpgsql
  AS $$ BEGIN INSERT INTO regress_tl_exec.t_seen VALUES (NEW.a); RETURN NULL; END $$;
CREATE CONSTRAINT TRIGGER trg_def AFTER INSERT ON regress_tl_exec.t_def
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
  EXECUTE FUNCTION regress_tl_exec.trg_def();
CREATE FUNCTION regress_tl_exec.et_fn() RETURNS event_trigger LANGUAGE plpgsql
  AS $$ BEGIN RAISE NOTICE 'event trigger: % %', tg_event, tg_tag; END $$;
CREATE TABLE regress_tl_exec.t_parent(id int PRIMARY KEY);
CREATE TABLE regress_tl_exec.t_child(pid int
  REFERENCES regress_tl_exec.t_parent ON DELETE CASCADE);
INSERT INTO regress_tl_exec.t_parent VALUES (1), (2);
INSERT INTO regress_tl_exec.t_child VALUES (1), (1), (2);
CREATE TABLE regress_tl_exec.t_p(i int);
CREATE PROCEDURE regress_tl_exec.p_tx() LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO regress_tl_exec.t_p VALUES (1); COMMIT;
  INSERT INTO regress_tl_exec.t_p VALUES (2); ROLLBACK;
  INSERT INTO regress_tl_exec.t_p VALUES (3); COMMIT;
END $$;
CREATE FUNCTION regress_tl_exec.f_catch(i int) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
  BEGIN
    PERFORM 10 / i;
    RETURN 'no error';
  EXCEPTION WHEN division_by_zero THEN
    RETURN 'caught';
  END;
END $$;
CREATE FUNCTION regress_tl_exec.f_par(int) RETURNS int LANGUAGE plpgsql
  PARALLEL SAFE AS $$ BEGIN RETURN $1 * 10; END $$;
CREATE TABLE regress_tl_exec.t_par(x int);
INSERT INTO regress_tl_exec.t_par SELECT generate_series(1, 4);
RESET ROLE;
CREATE EVENT TRIGGER regress_tl_et ON ddl_command_end
  WHEN TAG IN ('CREATE TABLE') EXECUTE FUNCTION regress_tl_exec.et_fn();
RESET tracelab.enabled;

\set counts 'SELECT max(frames) FILTER (WHERE frame_type = ''FunctionEntered'') AS fe, max(frames) FILTER (WHERE frame_type = ''OperatorDescribed'') AS od, max(frames) FILTER (WHERE frame_type = ''TypeDescribed'') AS td, max(frames) FILTER (WHERE frame_type = ''StatementStarted'') AS ss, max(frames) FILTER (WHERE frame_type = ''SubtransactionStarted'') AS sx, max(frames) FILTER (WHERE frame_type = ''SubtransactionEnded'') AS sy, max(frames) FILTER (WHERE frame_type = ''TransactionEnded'') AS te FROM regress_tl_probe.tracelab_probe_frame_counts()'
\set deltas 'SELECT fe - :b_fe - 1 AS calls, ss - :b_ss - 1 AS statements, sx - :b_sx AS subxacts_started, sy - :b_sy AS subxacts_ended FROM (' :counts ') c'

-- an operator, an aggregate and a cast found first on the search_path
:counts \gset b_
SET search_path = regress_tl_exec, pg_catalog;
SELECT 1 + 2 AS shadowed;
SELECT sum(x) FROM regress_tl_exec.t_par;
SELECT (5::regress_tl_exec.money2).v;
RESET search_path;
SELECT fe - :b_fe - 1 AS calls, od > :b_od AS operator_described,
       td > :b_td AS types_described
  FROM (:counts) c;

-- a domain's CHECK constraint
SELECT 7::regress_tl_exec.digit AS d;
SELECT 12::regress_tl_exec.digit AS d;

-- a trigger on COPY FROM
:counts \gset b_
COPY regress_tl_exec.t_copy FROM STDIN;
1	one
2	two
\.
:deltas;
SELECT * FROM regress_tl_exec.t_copy ORDER BY a;

-- a deferred trigger fired by COMMIT
:counts \gset b_
BEGIN;
INSERT INTO regress_tl_exec.t_def VALUES (1);
SELECT count(*) AS seen_before_commit FROM regress_tl_exec.t_seen;
COMMIT;
:deltas;
SELECT * FROM regress_tl_exec.t_seen;

-- an event trigger
:counts \gset b_
CREATE TABLE regress_tl_exec.t_new(a int);
:deltas;
DROP TABLE regress_tl_exec.t_new;

-- a foreign key cascade runs its own query
:counts \gset b_
DELETE FROM regress_tl_exec.t_parent WHERE id = 1;
:deltas;
SELECT * FROM regress_tl_exec.t_child ORDER BY pid;

-- a procedure that commits and rolls back
:counts \gset b_
CALL regress_tl_exec.p_tx();
-- the three transactions the procedure ends; the CALL's own end, right
-- after its StatementFinished, is written in that frame (0.5)
SELECT fe - :b_fe - 1 AS calls, te - :b_te AS transactions FROM (:counts) c;
SELECT i FROM regress_tl_exec.t_p ORDER BY i;

-- subtransactions: an exception block, savepoints
:counts \gset b_
SELECT regress_tl_exec.f_catch(0), regress_tl_exec.f_catch(5);
BEGIN;
SAVEPOINT s1;
SELECT 1 AS one;
RELEASE s1;
SAVEPOINT s2;
SELECT 1 / 0;
ROLLBACK TO s2;
COMMIT;
:deltas;

-- a parallel worker runs a parallel-safe function; it writes its own
-- spool file, whose SessionStarted names this backend as its leader
SET force_parallel_mode = on;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SELECT sum(regress_tl_exec.f_par(x)) FROM regress_tl_exec.t_par;
RESET force_parallel_mode;
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
WITH leader AS (
  -- "background worker", leader_pid, "parallel worker" as MessagePack
  SELECT '\xb1'::bytea || convert_to('background worker', 'UTF8') ||
         CASE WHEN pg_backend_pid() < 65536
              THEN '\xcd'::bytea || substring(int4send(pg_backend_pid()) FROM 3)
              ELSE '\xce'::bytea || int4send(pg_backend_pid()) END ||
         '\xaf'::bytea || convert_to('parallel worker', 'UTF8') AS pattern)
SELECT count(*) > 0 AS worker_spool_file
  FROM leader,
       pg_ls_dir(current_setting('tracelab.spool_directory')) AS f,
       LATERAL pg_read_binary_file(current_setting('tracelab.spool_directory')
                                   || '/' || f, 0, 1024, true) AS b
 WHERE position(pattern IN b) > 0;

-- probe 0.5: a top-level query repeated under the same roles is analysed
-- once per session (readers take the latest QueryAnalyzed of its query id),
-- and a transaction that ends right after a top-level statement is ended by
-- that StatementFinished instead of a TransactionEnded of its own
\set counts 'SELECT max(frames) FILTER (WHERE frame_type = ''QueryAnalyzed'') AS qa, max(frames) FILTER (WHERE frame_type = ''StatementStarted'') AS ss, max(frames) FILTER (WHERE frame_type = ''TransactionEnded'') AS te FROM regress_tl_probe.tracelab_probe_frame_counts()'
:counts \gset b_
:counts \gset b_
SELECT count(*) AS n FROM pg_class WHERE relname = 'pg_class';
SELECT count(*) AS n FROM pg_class WHERE relname = 'pg_proc';
SELECT count(*) AS n FROM pg_class WHERE relname = 'pg_type';
SELECT qa - :b_qa AS analyzed, ss - :b_ss AS statements,
       te - :b_te AS transactions_ended_apart FROM (:counts) c;
-- a transaction block ends after its COMMIT; a failed statement's
-- transaction ends with it; the counting query ran once already
:counts \gset b_
BEGIN;
SELECT count(*) AS n FROM pg_class WHERE relname = 'pg_attribute';
COMMIT;
SELECT 1 / 0;
SELECT qa - :b_qa AS analyzed, ss - :b_ss AS statements,
       te - :b_te AS transactions_ended_apart FROM (:counts) c;

-- cleanup, not recorded
SET tracelab.enabled = off;
DROP EVENT TRIGGER regress_tl_et;
DROP SCHEMA regress_tl_exec CASCADE;
DROP SCHEMA regress_tl_probe CASCADE;
DROP ROLE regress_tl_mallory;
