--
-- policy_decide: tracelab_policy_decide_batch() decides a batch of chains
-- (ENFORCEMENT.md) under compiled policies with the probe's evaluator; a
-- malformed batch is refused with a clean error, and only superusers may
-- call it.  The policy is the file below, compiled with "tracelab policies
-- compile":
--
--   name: regress-decide
--   description: Block role changes unless every owner is trusted.
--   rules:
--     - name: roles
--       operations: [role]
--       trust: {roles: {alice: [bob]}}
--       action: block
--
-- The batch holds two chains with the roles alice (10), bob (11) and
-- mallory (12), executed by alice: a statement of alice, a function of bob,
-- a view of mallory.  The first is ALTER ROLE (a utility command): blocked
-- at mallory's view (entry 2) by rule 0.  The second is SELECT: no rule
-- guards it, so the default allows it (no culprit, no rule: -1).
--
SET tracelab.enabled = off;
CREATE EXTENSION tracelab_probe;
\set policy '\\x544c504f4c49435901000000be0000004d5bfc17050000000e000000726567726573732d64656369646531000000426c6f636b20726f6c65206368616e67657320756e6c657373206576657279206f776e657220697320747275737465642e05000000726f6c657305000000616c69636503000000626f62000000000100000000010000000200000004000000ffffffffffffffff03000000000001000000030000000100000004000000000000000000000000000000000002ffffffff'
\set batch '\\x544c434841494e53010002000000030000000a0000000205000000616c696365000000000b0000000203000000626f62000000000c00000002070000006d616c6c6f7279000000000a00000001000a000000414c54455220524f4c450000000003000000000600000a000000020500000b000000010100000c000000030000000a0000000205000000616c696365000000000b0000000203000000626f62000000000c00000002070000006d616c6c6f7279000000000a00000000000600000053454c4543540000000003000000000600000a000000020500000b000000010100000c000000'
SELECT tracelab_policy_decide_batch(ARRAY[:'policy'::bytea], :'batch');
-- every chain under every policy, chain by chain
SELECT length(tracelab_policy_decide_batch(ARRAY[:'policy'::bytea, :'policy'::bytea], :'batch')) AS result_bytes;
SELECT length(tracelab_policy_decide_batch('{}', :'batch')) AS no_policy;

-- malformed batches: empty, not a batch, another version, cut short, a
-- count beyond the data, bytes after the last chain, an entry kind out of
-- range, a chain without entries
SELECT tracelab_policy_decide_batch(ARRAY[:'policy'::bytea], '');
SELECT tracelab_policy_decide_batch(ARRAY[:'policy'::bytea], convert_to('TLPOLICY and more', 'UTF8'));
SELECT tracelab_policy_decide_batch(ARRAY[:'policy'::bytea], overlay(:'batch'::bytea PLACING '\x03' FROM 9));
SELECT tracelab_policy_decide_batch(ARRAY[:'policy'::bytea], substring(:'batch'::bytea FROM 1 FOR 100));
SELECT tracelab_policy_decide_batch(ARRAY[:'policy'::bytea], overlay(:'batch'::bytea PLACING '\xffffff7f' FROM 11));
SELECT tracelab_policy_decide_batch(ARRAY[:'policy'::bytea], :'batch'::bytea || '\x00'::bytea);
SELECT tracelab_policy_decide_batch(ARRAY[:'policy'::bytea], overlay(:'batch'::bytea PLACING '\x16' FROM 109));
SELECT tracelab_policy_decide_batch(ARRAY[:'policy'::bytea], '\x544c434841494e53010001000000000000000000000000000000000000000000000000000000000000000000'::bytea);
-- a policy that is not one, a null policy
SELECT tracelab_policy_decide_batch(ARRAY[substring(:'policy'::bytea FROM 1 FOR 30)], :'batch');
SELECT tracelab_policy_decide_batch(ARRAY[:'policy'::bytea, NULL], :'batch');

-- every command tag of the server
SELECT count(*) > 150 AS many, count(*) = count(DISTINCT t) AS distinct_tags
FROM tracelab_policy_command_tags() AS t;
SELECT t FROM tracelab_policy_command_tags() AS t WHERE t IN ('ALTER ROLE', 'SELECT', 'COPY');

-- only superusers
CREATE ROLE regress_tl_decide_plain;
SET SESSION AUTHORIZATION regress_tl_decide_plain;
SELECT tracelab_policy_decide_batch(ARRAY[:'policy'::bytea], :'batch');
SELECT count(*) FROM tracelab_policy_command_tags();
RESET SESSION AUTHORIZATION;
DROP ROLE regress_tl_decide_plain;
SELECT has_function_privilege('public', 'tracelab_policy_decide_batch(bytea[], bytea)', 'EXECUTE') AS public_may_execute;
DROP EXTENSION tracelab_probe;

-- an extension created at 0.5 gains the functions by ALTER EXTENSION UPDATE
CREATE EXTENSION tracelab_probe VERSION '0.5';
ALTER EXTENSION tracelab_probe UPDATE TO '0.6';
SELECT tracelab_policy_decide_batch(ARRAY[:'policy'::bytea], :'batch');
DROP EXTENSION tracelab_probe;
