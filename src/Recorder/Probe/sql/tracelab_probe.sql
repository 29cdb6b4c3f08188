--
-- tracelab_probe: with the probe loaded (shared_preload_libraries and a
-- tracelab.spool_directory set), every statement of the attack scenarios
-- returns exactly what it returns without the probe, and this session's
-- spool file exists under the agreed name with the agreed header.
--
SELECT name, setting FROM pg_settings
 WHERE name = 'tracelab.enabled';
SELECT setting <> '' AS spool_directory_set FROM pg_settings
 WHERE name = 'tracelab.spool_directory';

-- setup, not recorded
SET tracelab.enabled = off;
CREATE ROLE regress_tl_alice SUPERUSER;
CREATE ROLE regress_tl_mallory;
CREATE ROLE regress_tl_bob;
CREATE SCHEMA regress_tl_mallory AUTHORIZATION regress_tl_mallory;
CREATE SCHEMA regress_tl_bob AUTHORIZATION regress_tl_bob;
SET ROLE regress_tl_mallory;
CREATE FUNCTION regress_tl_mallory.f_evil(i int) RETURNS int LANGUAGE plpgsql
  AS $$ BEGIN EXECUTE 'ALTER ROLE regress_tl_mallory SUPERUSER'; RETURN i; END $$;
CREATE TABLE regress_tl_mallory.t_data(id int);
INSERT INTO regress_tl_mallory.t_data VALUES (1);
CREATE VIEW regress_tl_mallory.v_inner AS
  SELECT id, regress_tl_mallory.f_evil(id) AS x FROM regress_tl_mallory.t_data;
CREATE VIEW regress_tl_mallory.v_bait AS SELECT * FROM regress_tl_mallory.v_inner;
CREATE TABLE regress_tl_mallory.t_orders(id int, note text);
CREATE FUNCTION regress_tl_mallory.trg_fn() RETURNS trigger LANGUAGE plpgsql
  AS $$ BEGIN EXECUTE 'ALTER ROLE regress_tl_mallory SUPERUSER'; RETURN NEW; END $$;
CREATE TRIGGER trg_orders BEFORE INSERT ON regress_tl_mallory.t_orders
  FOR EACH ROW EXECUTE FUNCTION regress_tl_mallory.trg_fn();
CREATE FUNCTION regress_tl_mallory.f_div(i int) RETURNS int LANGUAGE plpgsql
  AS $$ BEGIN RETURN 10 / i; END $$;
CREATE FUNCTION regress_tl_mallory.f_catch() RETURNS text LANGUAGE plpgsql AS $$
BEGIN
  BEGIN
    PERFORM regress_tl_mallory.f_div(0);
  EXCEPTION WHEN division_by_zero THEN
    RETURN 'caught ' || regress_tl_mallory.f_div(5);
  END;
END $$;
CREATE FUNCTION regress_tl_mallory.f_secdef() RETURNS text LANGUAGE sql
  SECURITY DEFINER AS $$ SELECT current_user::text $$;
GRANT SELECT ON regress_tl_mallory.v_bait TO PUBLIC;
GRANT INSERT, SELECT ON regress_tl_mallory.t_orders TO PUBLIC;
GRANT USAGE ON SCHEMA regress_tl_mallory TO PUBLIC;
RESET ROLE;
SET ROLE regress_tl_bob;
CREATE FUNCTION regress_tl_bob.make_summary() RETURNS void LANGUAGE plpgsql
  AS $$ BEGIN EXECUTE 'CREATE TABLE IF NOT EXISTS regress_tl_bob.summary(n int)'; END $$;
RESET ROLE;
RESET tracelab.enabled;

-- session 1: a view hides a function that escalates its owner
SET SESSION AUTHORIZATION regress_tl_alice;
SELECT * FROM regress_tl_mallory.v_bait;
SELECT rolsuper FROM pg_roles WHERE rolname = 'regress_tl_mallory';
RESET SESSION AUTHORIZATION;
ALTER ROLE regress_tl_mallory NOSUPERUSER;

-- session 2: a trigger does the same
SET SESSION AUTHORIZATION regress_tl_alice;
INSERT INTO regress_tl_mallory.t_orders VALUES (1, 'x') RETURNING *;
SELECT rolsuper FROM pg_roles WHERE rolname = 'regress_tl_mallory';
RESET SESSION AUTHORIZATION;
ALTER ROLE regress_tl_mallory NOSUPERUSER;

-- session 3: utility command run through SPI
SET SESSION AUTHORIZATION regress_tl_bob;
SELECT regress_tl_bob.make_summary();
SELECT count(*) FROM regress_tl_bob.summary;
RESET SESSION AUTHORIZATION;

-- errors leave everything as it was
SET SESSION AUTHORIZATION regress_tl_alice;
SELECT 1/0;
SELECT regress_tl_mallory.f_div(0);
SELECT regress_tl_mallory.f_catch();
SELECT regress_tl_mallory.f_div(2) + 1 AS six;
BEGIN;
SELECT regress_tl_mallory.f_div(0);
SELECT 1;
ROLLBACK;
SELECT 1 AS a \; SELECT 2 AS b;

-- SECURITY DEFINER
SELECT regress_tl_mallory.f_secdef(), current_user;

-- cursors run across several statements
BEGIN;
DECLARE c CURSOR FOR
  SELECT regress_tl_mallory.f_div(g) FROM generate_series(1, 3) g;
FETCH 1 FROM c;
SELECT 42;
FETCH 2 FROM c;
CLOSE c;
SAVEPOINT s1;
DECLARE c2 CURSOR FOR
  SELECT regress_tl_mallory.f_div(g) FROM generate_series(1, 3) g;
FETCH 1 FROM c2;
ROLLBACK TO s1;
COMMIT;

-- procedures commit and roll back with frames open
CREATE TABLE regress_tl_mallory.t_p(i int);
CREATE PROCEDURE regress_tl_mallory.p_tx() LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO regress_tl_mallory.t_p VALUES (1); COMMIT;
  INSERT INTO regress_tl_mallory.t_p VALUES (2); ROLLBACK;
  INSERT INTO regress_tl_mallory.t_p VALUES (3); COMMIT;
END $$;
CALL regress_tl_mallory.p_tx();
SELECT i FROM regress_tl_mallory.t_p ORDER BY i;

-- this session's spool file: name and container header (FORMAT.md)
SELECT count(*) AS spool_files
  FROM pg_ls_dir(current_setting('tracelab.spool_directory')) AS f
 WHERE f = format('%s-%s-%s.tlspool', pg_backend_pid(),
                  (SELECT (extract(epoch FROM backend_start) * 1000000)::bigint
                     FROM pg_stat_activity WHERE pid = pg_backend_pid()),
                  (SELECT system_identifier FROM pg_control_system()));
WITH spool AS (
  SELECT pg_read_binary_file(current_setting('tracelab.spool_directory') || '/' ||
                             format('%s-%s-%s.tlspool', pg_backend_pid(),
                                    (SELECT (extract(epoch FROM backend_start) * 1000000)::bigint
                                       FROM pg_stat_activity WHERE pid = pg_backend_pid()),
                                    (SELECT system_identifier FROM pg_control_system())),
                             0, 28) AS b)
SELECT substring(b FROM 1 FOR 17) AS file_header,
       encode(substring(b FROM 18 FOR 2), 'hex') AS block_start,
       encode(substring(b FROM 24 FOR 1), 'hex') AS bin32_marker
  FROM spool;
RESET SESSION AUTHORIZATION;

-- an unprivileged role cannot switch recording off
SET SESSION AUTHORIZATION regress_tl_bob;
SET tracelab.enabled = off;
RESET SESSION AUTHORIZATION;

-- cleanup, not recorded
SET tracelab.enabled = off;
DROP SCHEMA regress_tl_mallory CASCADE;
DROP SCHEMA regress_tl_bob CASCADE;
DROP ROLE regress_tl_alice;
DROP ROLE regress_tl_mallory;
DROP ROLE regress_tl_bob;
