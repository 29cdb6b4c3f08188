/* src/Recorder/Probe/tracelab_probe--0.5--0.6.sql */

-- complain if script is sourced in psql, rather than via ALTER EXTENSION
\echo Use "ALTER EXTENSION tracelab_probe UPDATE TO '0.6'" to load this file. \quit

-- 0.6 reads compiled policies (POLICY_FORMAT.md) and decides chains under
-- them; for now only through test functions.
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
