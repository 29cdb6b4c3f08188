/* src/Recorder/Probe/tracelab_probe--0.2.sql */

-- complain if script is sourced in psql, rather than via CREATE EXTENSION
\echo Use "CREATE EXTENSION tracelab_probe" to load this file. \quit

-- The probe works entirely through hooks installed by the library listed
-- in shared_preload_libraries.  The extension adds one superuser-only
-- inspection function for tests.

CREATE FUNCTION tracelab_probe_frame_counts(OUT frame_type text,
                                            OUT frames bigint)
RETURNS SETOF record
AS 'MODULE_PATHNAME', 'tracelab_probe_frame_counts'
LANGUAGE C STRICT VOLATILE;

REVOKE ALL ON FUNCTION tracelab_probe_frame_counts() FROM PUBLIC;
