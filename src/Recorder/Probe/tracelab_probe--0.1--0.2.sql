/* src/Recorder/Probe/tracelab_probe--0.1--0.2.sql */

-- complain if script is sourced in psql, rather than via ALTER EXTENSION
\echo Use "ALTER EXTENSION tracelab_probe UPDATE TO '0.2'" to load this file. \quit

CREATE FUNCTION tracelab_probe_frame_counts(OUT frame_type text,
                                            OUT frames bigint)
RETURNS SETOF record
AS 'MODULE_PATHNAME', 'tracelab_probe_frame_counts'
LANGUAGE C STRICT VOLATILE;

REVOKE ALL ON FUNCTION tracelab_probe_frame_counts() FROM PUBLIC;
