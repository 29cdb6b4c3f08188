--
-- policy_message: tracelab_policy_render_batch() decides chains of a batch
-- (ENFORCEMENT.md, version 2) under compiled policies and renders the
-- message, DETAIL and HINT live enforcement raises, the replayer's text;
-- only superusers may call it.  The policies are the files below, compiled
-- with "tracelab policies compile" (trust defaults to self and superusers):
--
--   name: regress-ddl                  name: regress-strict
--   description: Haas's rule.          description: Every operation.
--   rules:                             rules:
--     - name: untrusted-ddl              - name: untrusted-code
--       operations: [ddl, role, grant]     operations: [any]
--       action: block                      action: warn
--
--   name: regress-message
--   description: A template message, and a default that warns.
--   default: warn
--   rules:
--     - name: roles
--       operations: [role]
--       trust: {roles: {alice: [bob]}}
--       action: block
--       message: "{culprit} may not lead {executor} to {command}"
--
-- The chains are written below with helpers that encode the batch.  Roles:
-- alice (10, superuser), bob (11, member of "app owners"), mallory (12),
-- Müller (13), "app owners" (14), carol "c" (15); 16384, 16385 and 16400
-- are roles the catalogue does not know, 0 an owner nobody established.
--
SET tracelab.enabled = off;
CREATE EXTENSION tracelab_probe;
\set ddl '\\x544c504f4c494359010000008200000008dc7966030000000b000000726567726573732d64646c0c0000004861617327732072756c652e0d000000756e747275737465642d64646c00000000010000000001000000020000000e000000ffffffffffffffff03000000000000000000000000000000000000000000000002ffffffff'
\set strict '\\x544c504f4c494359010000008a000000a3e86664030000000e000000726567726573732d737472696374100000004576657279206f7065726174696f6e2e0e000000756e747275737465642d636f6465000000000100000000010000000200000000000040ffffffffffffffff03000000000000000000000000000000000000000000000001ffffffff'
\set template '\\x544c504f4c49435901000000ed00000017e35d5d060000000f000000726567726573732d6d6573736167652d000000412074656d706c617465206d6573736167652c20616e6420612064656661756c742074686174207761726e732e05000000726f6c657305000000616c69636503000000626f622e0000007b63756c707269747d206d6179206e6f74206c656164207b6578656375746f727d20746f207b636f6d6d616e647d000000000100000001010000000200000004000000ffffffffffffffff0300000000000100000003000000010000000400000000000000000000000000000000000205000000'

-- little-endian numbers and length-prefixed UTF-8 strings
CREATE FUNCTION pg_temp.u32(n bigint) RETURNS bytea LANGUAGE sql IMMUTABLE AS
$$ SELECT set_byte(set_byte(set_byte(set_byte('\x00000000'::bytea,
     0, (n & 255)::int), 1, ((n >> 8) & 255)::int),
     2, ((n >> 16) & 255)::int), 3, ((n >> 24) & 255)::int) $$;
CREATE FUNCTION pg_temp.str(s text) RETURNS bytea LANGUAGE sql IMMUTABLE AS
$$ SELECT coalesce(pg_temp.u32(octet_length(convert_to(s, 'UTF8'))) ||
                 convert_to(s, 'UTF8'), '\xffffffff'::bytea) $$;
-- a role: oid, flags (1 superuser, 2 inherit), name, roles it is a member of
CREATE FUNCTION pg_temp.role(oid bigint, flags int, name text, member_of bigint[])
RETURNS bytea LANGUAGE sql IMMUTABLE AS
$$ SELECT pg_temp.u32(oid) || set_byte('\x00'::bytea, 0, flags) ||
          pg_temp.str(name) || pg_temp.u32(cardinality(member_of)) ||
          coalesce((SELECT string_agg(pg_temp.u32(m), ''::bytea)
                    FROM unnest(member_of) AS m), ''::bytea) $$;
-- an entry: kind, phase, traits, flags (1 candidate, 2 switch, 4 synthetic,
-- 8 inlined), owner, object name, command (NULL: none), seq; no object oid
CREATE FUNCTION pg_temp.entry(kind int, phase int, traits int, flags int,
                              owner bigint, name text, command text, seq bigint)
RETURNS bytea LANGUAGE sql IMMUTABLE AS
$$ SELECT set_byte(set_byte(set_byte(set_byte('\x00000000'::bytea,
     0, kind), 1, phase), 2, traits), 3, flags) || pg_temp.u32(owner) ||
     pg_temp.str(name) || pg_temp.str(command) ||
     pg_temp.u32(seq) || pg_temp.u32(0) || pg_temp.u32(0) $$;
-- an operation: executor, kind (0 planned statement, 1 utility command,
-- 2 function call), command tag, chain; every chain has the same roles
CREATE FUNCTION pg_temp.chain(executor bigint, kind int, command text,
                              entries bytea[])
RETURNS bytea LANGUAGE sql IMMUTABLE AS
$$ SELECT pg_temp.u32(6) ||
     pg_temp.role(10, 3, 'alice', '{}') || pg_temp.role(11, 2, 'bob', '{14}') ||
     pg_temp.role(12, 2, 'mallory', '{}') || pg_temp.role(13, 2, 'Müller', '{}') ||
     pg_temp.role(14, 2, 'app owners', '{}') ||
     pg_temp.role(15, 2, 'carol "c"', '{}') ||
     pg_temp.u32(executor) || set_byte('\x0000'::bytea, 0, kind) ||
     pg_temp.str(command) || pg_temp.u32(0) ||
     pg_temp.u32(cardinality(entries)) ||
     (SELECT string_agg(e, ''::bytea ORDER BY i)
      FROM unnest(entries) WITH ORDINALITY AS u(e, i)) $$;

-- kinds: 0 statement, 1 view, 2 function, 3 trigger, 4 query, 5 utility,
-- 8 default, 10 check constraint, 12 index expression, 15 operator,
-- 20 prepared statement, 21 maintenance; phases: 0 unknown, 1 rewrite,
-- 2 prepare, 4 planning, 5 execution, 6 utility, 7 maintenance, 8 commit
SELECT 'TLCHAINS'::bytea || '\x0200'::bytea || pg_temp.u32(7) ||
  -- 1. Haas's example: alice reads mallory's view, whose function runs
  -- ALTER ROLE as alice
  pg_temp.chain(10, 1, 'ALTER ROLE', ARRAY[
    pg_temp.entry(0, 5, 0, 0, 10, 'SELECT * FROM mallory.v_bait', 'SELECT', 1),
    pg_temp.entry(1, 1, 0, 0, 12, 'mallory.v_bait', NULL, 2),
    pg_temp.entry(2, 5, 0, 0, 12, 'mallory.f_evil()', NULL, 3),
    pg_temp.entry(5, 6, 0, 0, 12, 'ALTER ROLE mallory SUPERUSER', 'ALTER ROLE', 4)]) ||
  -- 2. a trigger of Müller calls a function the planner inlined, which calls
  -- a type output function of "app owners", bob's group
  pg_temp.chain(11, 2, 'EXECUTE FUNCTION', ARRAY[
    pg_temp.entry(0, 4, 0, 0, 11, 'INSERT INTO public.t VALUES (1)', 'INSERT', 10),
    pg_temp.entry(3, 5, 0, 0, 13, 'trg on public.t', NULL, 11),
    pg_temp.entry(2, 4, 0, 8, 13, 'public.f_inline(integer)', NULL, 12),
    pg_temp.entry(2, 5, 1, 0, 14, 'public.t_out(t)', NULL, 13)]) ||
  -- 3. a frame the recording lacks, under an executor nobody described
  pg_temp.chain(16384, 0, 'SELECT', ARRAY[
    pg_temp.entry(0, 0, 0, 4, 0, 'frame 41 (not recorded)', NULL, 41),
    pg_temp.entry(4, 5, 0, 0, 16385, 'SELECT 1', 'SELECT', 42)]) ||
  -- 4. the unnamed prepared statement; a default and a CHECK constraint
  -- either of which may have called the function
  pg_temp.chain(11, 2, 'EXECUTE FUNCTION', ARRAY[
    pg_temp.entry(0, 5, 0, 0, 11, 'EXECUTE', 'EXECUTE', 20),
    pg_temp.entry(20, 2, 0, 0, 11, '', NULL, 21),
    pg_temp.entry(8, 5, 0, 1, 16400, 'default of public.t.c', NULL, 22),
    pg_temp.entry(10, 5, 0, 1, 12, 'check constraint c on public.t', NULL, 23),
    pg_temp.entry(2, 5, 0, 0, 12, 'public.g()', NULL, 24)]) ||
  -- 5. autovacuum on Müller's table uses mallory's operator in an index
  pg_temp.chain(13, 0, 'ANALYZE', ARRAY[
    pg_temp.entry(21, 7, 0, 2, 13, 'public.t', 'autovacuum', 30),
    pg_temp.entry(12, 7, 2, 0, 12, 'index t_idx on public.t', NULL, 31),
    pg_temp.entry(15, 7, 2, 0, 12, 'mallory.===(integer, integer)', NULL, 32)]) ||
  -- 6. a deferred DROP TABLE at the COMMIT of mallory's statement, run as
  -- carol "c"
  pg_temp.chain(15, 1, 'DROP TABLE', ARRAY[
    pg_temp.entry(0, 8, 0, 0, 12, 'COMMIT', 'COMMIT', 40)]) ||
  -- 7. bob calls a function of his group
  pg_temp.chain(11, 2, 'EXECUTE FUNCTION', ARRAY[
    pg_temp.entry(0, 5, 0, 0, 11, 'SELECT public.h()', 'SELECT', 50),
    pg_temp.entry(2, 5, 0, 0, 14, 'public.h()', NULL, 51)]) AS batch \gset

-- every decision that is not "allowed" (0), with its text: blocked 1,
-- warned 2; chains and policies count from 0
\pset format unaligned
\x on
SELECT * FROM tracelab_policy_render_batch(
  ARRAY[:'ddl'::bytea, :'strict'::bytea, :'template'::bytea], :'batch')
WHERE decision <> 0;
\x off
\pset format aligned
-- an allowed operation has no text
SELECT count(*) AS allowed, count(message) AS with_message
FROM tracelab_policy_render_batch(ARRAY[:'ddl'::bytea], :'batch')
WHERE decision = 0;

-- a malformed batch, a version this build does not read, a flag version 1
-- does not have
SELECT * FROM tracelab_policy_render_batch(ARRAY[:'ddl'::bytea], substring(:'batch'::bytea FROM 1 FOR 200));
SELECT * FROM tracelab_policy_render_batch(ARRAY[:'ddl'::bytea], overlay(:'batch'::bytea PLACING '\x03' FROM 9));
SELECT * FROM tracelab_policy_render_batch(ARRAY[:'ddl'::bytea],
  '\x544c434841494e530100010000000000000000000000000000000000000000000100000002050008ffffffff'::bytea);

-- only superusers
CREATE ROLE regress_tl_message_plain;
SET SESSION AUTHORIZATION regress_tl_message_plain;
SELECT * FROM tracelab_policy_render_batch(ARRAY[:'ddl'::bytea], :'batch');
RESET SESSION AUTHORIZATION;
DROP ROLE regress_tl_message_plain;
SELECT has_function_privilege('public', 'tracelab_policy_render_batch(bytea[], bytea)', 'EXECUTE') AS public_may_execute;
DROP EXTENSION tracelab_probe;

-- an extension created at 0.5 gains the function by ALTER EXTENSION UPDATE
CREATE EXTENSION tracelab_probe VERSION '0.5';
ALTER EXTENSION tracelab_probe UPDATE TO '0.6';
SELECT chain, policy, decision FROM tracelab_policy_render_batch(ARRAY[:'ddl'::bytea], :'batch') WHERE decision <> 0;
DROP EXTENSION tracelab_probe;
