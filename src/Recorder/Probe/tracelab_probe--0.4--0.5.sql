/* src/Recorder/Probe/tracelab_probe--0.4--0.5.sql */

-- complain if script is sourced in psql, rather than via ALTER EXTENSION
\echo Use "ALTER EXTENSION tracelab_probe UPDATE TO '0.5'" to load this file. \quit

-- 0.5 changes what the library writes (FORMAT.md), not the SQL objects.
