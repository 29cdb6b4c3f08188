/* src/Recorder/Probe/tracelab_probe--0.5--0.6.sql */

-- complain if script is sourced in psql, rather than via ALTER EXTENSION
\echo Use "ALTER EXTENSION tracelab_probe UPDATE TO '0.6'" to load this file. \quit

-- 0.6 reads compiled policies (POLICY_FORMAT.md); for now only through a
-- test function that describes one.
CREATE FUNCTION tracelab_policy_describe(policy bytea)
RETURNS text
AS 'MODULE_PATHNAME', 'tracelab_policy_describe'
LANGUAGE C STRICT STABLE;

REVOKE ALL ON FUNCTION tracelab_policy_describe(bytea) FROM PUBLIC;
