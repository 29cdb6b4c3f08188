/* src/Recorder/Probe/tracelab_probe--0.6--0.7.sql */

-- complain if script is sourced in psql, rather than via ALTER EXTENSION
\echo Use "ALTER EXTENSION tracelab_probe UPDATE TO '0.7'" to load this file. \quit

-- 0.7 enforces a compiled policy live (tracelab.enforce_policy,
-- tracelab.enforce_mode; ENFORCEMENT.md).  What this backend has in force,
-- for "tracelab status" and "tracelab enforce": the policy's name, the
-- file, the mode, its number of rules, the file's CRC-32C and when this
-- process read it.  Everyone may see it, as everyone may SHOW the settings.
CREATE FUNCTION tracelab_enforcement(
    OUT policy_name text,
    OUT policy_file text,
    OUT mode text,
    OUT rules integer,
    OUT checksum text,
    OUT loaded_at timestamptz)
RETURNS record
AS 'MODULE_PATHNAME', 'tracelab_enforcement'
LANGUAGE C STABLE;
