/* src/Recorder/Probe/tracelab_probe--0.6.sql */

-- complain if script is sourced in psql, rather than via CREATE EXTENSION
\echo Use "CREATE EXTENSION tracelab_probe" to load this file. \quit

-- The probe works entirely through hooks installed by the library listed
-- in shared_preload_libraries.  The extension adds superuser-only
-- inspection functions, for tests and for checking a deployment.

CREATE FUNCTION tracelab_probe_frame_counts(OUT frame_type text,
                                            OUT frames bigint)
RETURNS SETOF record
AS 'MODULE_PATHNAME', 'tracelab_probe_frame_counts'
LANGUAGE C STRICT VOLATILE;

REVOKE ALL ON FUNCTION tracelab_probe_frame_counts() FROM PUBLIC;

-- The version of the loaded library and of the spool format it writes;
-- the library's version is the extension's default version.
CREATE FUNCTION tracelab_probe_version(OUT library_version text,
                                       OUT format_version integer)
RETURNS record
AS 'MODULE_PATHNAME', 'tracelab_probe_version'
LANGUAGE C STRICT STABLE;

REVOKE ALL ON FUNCTION tracelab_probe_version() FROM PUBLIC;

-- The canonical dump of a compiled policy (POLICY_FORMAT.md), or an ERROR
-- saying why the bytes are not one; for tests.
CREATE FUNCTION tracelab_policy_describe(policy bytea)
RETURNS text
AS 'MODULE_PATHNAME', 'tracelab_policy_describe'
LANGUAGE C STRICT STABLE;

REVOKE ALL ON FUNCTION tracelab_policy_describe(bytea) FROM PUBLIC;

-- Every chain of a batch (ENFORCEMENT.md) decided by the probe's policy
-- evaluator under every compiled policy of the array; for the test that
-- holds it to the C# evaluator.
CREATE FUNCTION tracelab_policy_decide_batch(policies bytea[], chains bytea)
RETURNS bytea
AS 'MODULE_PATHNAME', 'tracelab_policy_decide_batch'
LANGUAGE C STRICT STABLE;

REVOKE ALL ON FUNCTION tracelab_policy_decide_batch(bytea[], bytea) FROM PUBLIC;

-- Every chain of a batch (ENFORCEMENT.md) decided and rendered by the
-- probe: the message, DETAIL and HINT live enforcement raises, one row per
-- chain and policy; for the test that holds them to the replayer's.
CREATE FUNCTION tracelab_policy_render_batch(policies bytea[], chains bytea)
RETURNS TABLE (chain integer, policy integer, decision integer,
               message text, detail text, hint text)
AS 'MODULE_PATHNAME', 'tracelab_policy_render_batch'
LANGUAGE C STRICT STABLE;

REVOKE ALL ON FUNCTION tracelab_policy_render_batch(bytea[], bytea) FROM PUBLIC;

-- Every command tag the server can report, for the same test.
CREATE FUNCTION tracelab_policy_command_tags()
RETURNS SETOF text
AS 'MODULE_PATHNAME', 'tracelab_policy_command_tags'
LANGUAGE C STRICT STABLE;

REVOKE ALL ON FUNCTION tracelab_policy_command_tags() FROM PUBLIC;
