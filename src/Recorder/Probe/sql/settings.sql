--
-- settings: the probe's settings, their defaults and checks, and what
-- tracelab.capture_text and tracelab.plpgsql_statements put in the spool
-- file; the library, the extension and the spool format agree on versions.
--
CREATE EXTENSION tracelab_probe;
SELECT library_version = (SELECT extversion FROM pg_extension
                           WHERE extname = 'tracelab_probe') AS versions_agree,
       format_version
  FROM tracelab_probe_version();

SELECT name, setting, unit, context, vartype
  FROM pg_settings
 WHERE name LIKE 'tracelab.%' AND name <> 'tracelab.spool_directory'
 ORDER BY name;

-- values that do not make sense are refused with PostgreSQL's own messages
SET tracelab.capture_text = 'some';
SET tracelab.roles = 'alice';
SET tracelab.spool_budget = '1GB';
CREATE ROLE regress_tl_plain;
SET SESSION AUTHORIZATION regress_tl_plain;
SET tracelab.capture_text = none;
SET tracelab.plpgsql_statements = on;
RESET SESSION AUTHORIZATION;
DROP ROLE regress_tl_plain;

-- what each capture_text keeps of a literal, read back from this session's
-- spool file once the probe has written it (it writes within a second)
CREATE FUNCTION pg_temp.spool() RETURNS bytea LANGUAGE sql AS $$
  SELECT pg_read_binary_file(current_setting('tracelab.spool_directory') || '/' ||
           format('%s-%s-%s.tlspool', pg_backend_pid(),
                  (SELECT (extract(epoch FROM backend_start) * 1000000)::bigint
                     FROM pg_stat_activity WHERE pid = pg_backend_pid()),
                  (SELECT system_identifier FROM pg_control_system())))
$$;
SET tracelab.capture_text = normalized;
SELECT 'tl-literal-normalized' AS a, 42 AS b;
SET tracelab.capture_text = none;
SELECT 'tl-literal-none' AS a;
RESET tracelab.capture_text;
SELECT 'tl-literal-full' AS a;

-- which PL/pgSQL statement ran a query
CREATE FUNCTION pg_temp.f_dyn() RETURNS int LANGUAGE plpgsql AS $$
DECLARE n int;
BEGIN
  EXECUTE 'SELECT 1' INTO n;
  RETURN n;
END $$;
SET tracelab.plpgsql_statements = on;
SELECT pg_temp.f_dyn();
RESET tracelab.plpgsql_statements;
SELECT pg_sleep(1.5);
-- (the patterns are built from parts, so this statement's own text, which
-- the probe may write at any moment, cannot match them)
SELECT position(convert_to('tl-literal-' || 'normalized', 'UTF8') IN pg_temp.spool()) > 0 AS normalized_kept,
       position(convert_to('SELECT $1 AS a, ' || '$2 AS b', 'UTF8') IN pg_temp.spool()) > 0 AS normalized_text,
       position(convert_to('tl-literal-' || 'none', 'UTF8') IN pg_temp.spool()) > 0 AS none_kept,
       position(convert_to('tl-literal-' || 'full', 'UTF8') IN pg_temp.spool()) > 0 AS full_kept,
       position(convert_to('dyn' || 'execute', 'UTF8') IN pg_temp.spool()) > 0 AS plpgsql_statement;

DROP EXTENSION tracelab_probe;
