/* src/Recorder/Probe/tracelab_probe--0.2--0.4.sql */

-- complain if script is sourced in psql, rather than via ALTER EXTENSION
\echo Use "ALTER EXTENSION tracelab_probe UPDATE TO '0.4'" to load this file. \quit

CREATE FUNCTION tracelab_probe_version(OUT library_version text,
                                       OUT format_version integer)
RETURNS record
AS 'MODULE_PATHNAME', 'tracelab_probe_version'
LANGUAGE C STRICT STABLE;

REVOKE ALL ON FUNCTION tracelab_probe_version() FROM PUBLIC;
