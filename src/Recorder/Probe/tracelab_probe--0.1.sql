/* src/Recorder/Probe/tracelab_probe--0.1.sql */

-- complain if script is sourced in psql, rather than via CREATE EXTENSION
\echo Use "CREATE EXTENSION tracelab_probe" to load this file. \quit

-- The probe works entirely through hooks installed by the library listed
-- in shared_preload_libraries; the extension only marks a database as
-- expecting it and defines no SQL objects yet.
