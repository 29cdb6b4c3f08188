--
-- policy: tracelab_policy_describe() reads the compiled policy form
-- (POLICY_FORMAT.md) into the probe's structures and prints them; bytes
-- that are not a compiled policy are refused with the reason, and only
-- superusers may call it.  The policy is the file below, compiled with
-- "tracelab policies compile regress.yaml -o regress.tlpolicy":
--
--   name: regress
--   description: A policy for the regression test.
--   rules:
--     - name: ddl
--       operations: [ddl, role]
--       commands: ["ALTER *"]
--       trust: {membership: direct, roles: {alice: [bob]}, infrastructure: [operator-classes]}
--       scope: since-last-switch
--       when: {entry-kinds: [view, planner], phases: [execution], executor-is-superuser: true}
--       action: warn
--       message: "{culprit} led {executor} to {command}"
--
SET tracelab.enabled = off;
CREATE EXTENSION tracelab_probe;
\set policy '\\x544c504f4c49435901000000dd00000047369101070000000700000072656772657373210000004120706f6c69637920666f72207468652072656772657373696f6e20746573742e0300000064646c07000000414c544552202a05000000616c69636503000000626f62250000007b63756c707269747d206c6564207b6578656375746f727d20746f207b636f6d6d616e647d0000000001000000000100000002000000060000000100000003000000ffffffff03010200000001000000040000000100000005000000011f0200000000000000200000000106000000'
SELECT tracelab_policy_describe(:'policy');

-- malformed inputs: empty, not a compiled policy, another version, cut
-- short, damaged (the last byte changed)
SELECT tracelab_policy_describe('');
SELECT tracelab_policy_describe(convert_to('{"name": "regress"}, and more text', 'UTF8'));
SELECT tracelab_policy_describe(overlay(:'policy'::bytea PLACING '\x02' FROM 9));
SELECT tracelab_policy_describe(substring(:'policy'::bytea FROM 1 FOR 64));
SELECT tracelab_policy_describe(overlay(:'policy'::bytea PLACING '\xff' FROM length(:'policy'::bytea)));

-- only superusers
CREATE ROLE regress_tl_policy_plain;
SET SESSION AUTHORIZATION regress_tl_policy_plain;
SELECT tracelab_policy_describe(:'policy');
RESET SESSION AUTHORIZATION;
DROP ROLE regress_tl_policy_plain;

DROP EXTENSION tracelab_probe;

-- an extension created at 0.5 gains the function by ALTER EXTENSION UPDATE
CREATE EXTENSION tracelab_probe VERSION '0.5';
SELECT count(*) FROM pg_proc WHERE proname = 'tracelab_policy_describe';
ALTER EXTENSION tracelab_probe UPDATE TO '0.6';
SELECT tracelab_policy_describe(:'policy') = tracelab_policy_describe(:'policy') AS readable;
SELECT has_function_privilege('public', 'tracelab_policy_describe(bytea)', 'EXECUTE') AS public_may_execute;
DROP EXTENSION tracelab_probe;
