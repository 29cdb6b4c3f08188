--
-- rewrite: code stored with relations (defaults, generated columns, CHECK
-- constraints, index expressions and predicates, rules, row-level-security
-- policies, domain constraints) and views run exactly as without the
-- probe.  The frame counts show that the probe analysed, described and
-- planned them; each delta leaves out the frames of the counting query
-- (whose plan, with nothing in it, is not recorded).
--
-- setup, not recorded
SET tracelab.enabled = off;
CREATE SCHEMA regress_tl_probe;
CREATE EXTENSION tracelab_probe SCHEMA regress_tl_probe;
CREATE ROLE regress_tl_owner;
CREATE ROLE regress_tl_user;
CREATE SCHEMA regress_tl_code AUTHORIZATION regress_tl_owner;
GRANT USAGE ON SCHEMA regress_tl_code TO regress_tl_user;
SET ROLE regress_tl_owner;
CREATE FUNCTION regress_tl_code.f_def() RETURNS int LANGUAGE plpgsql
  AS $$ BEGIN RETURN 7; END $$;
CREATE FUNCTION regress_tl_code.f_gen(int) RETURNS int LANGUAGE plpgsql
  IMMUTABLE AS $$ BEGIN RETURN $1 * 2; END $$;
CREATE FUNCTION regress_tl_code.f_chk(int) RETURNS bool LANGUAGE plpgsql
  IMMUTABLE AS $$ BEGIN RETURN $1 >= 0; END $$;
CREATE FUNCTION regress_tl_code.f_idx(int) RETURNS int LANGUAGE plpgsql
  IMMUTABLE AS $$ BEGIN RETURN $1 + 1; END $$;
CREATE FUNCTION regress_tl_code.f_pred(int) RETURNS bool LANGUAGE plpgsql
  IMMUTABLE AS $$ BEGIN RETURN $1 > 0; END $$;
CREATE FUNCTION regress_tl_code.f_pol(int) RETURNS bool LANGUAGE plpgsql
  STABLE AS $$ BEGIN RETURN $1 <> 42; END $$;
CREATE FUNCTION regress_tl_code.f_polchk(int) RETURNS bool LANGUAGE plpgsql
  STABLE AS $$ BEGIN RETURN $1 < 100; END $$;
CREATE FUNCTION regress_tl_code.f_dom(int) RETURNS bool LANGUAGE plpgsql
  IMMUTABLE AS $$ BEGIN RETURN $1 < 1000; END $$;
CREATE FUNCTION regress_tl_code.f_rule(int) RETURNS int LANGUAGE plpgsql
  AS $$ BEGIN RETURN $1 * 10; END $$;
CREATE DOMAIN regress_tl_code.small AS int CHECK (regress_tl_code.f_dom(VALUE));
CREATE TABLE regress_tl_code.t_log(v int);
CREATE TABLE regress_tl_code.t_code(
  id int DEFAULT regress_tl_code.f_def(),
  g int GENERATED ALWAYS AS (regress_tl_code.f_gen(id)) STORED,
  s regress_tl_code.small,
  CONSTRAINT c_pos CHECK (regress_tl_code.f_chk(id)));
CREATE INDEX i_expr ON regress_tl_code.t_code (regress_tl_code.f_idx(id))
  WHERE regress_tl_code.f_pred(id);
CREATE RULE r_log AS ON INSERT TO regress_tl_code.t_code
  DO ALSO INSERT INTO regress_tl_code.t_log VALUES (regress_tl_code.f_rule(NEW.id));
ALTER TABLE regress_tl_code.t_code ENABLE ROW LEVEL SECURITY;
CREATE POLICY p_all ON regress_tl_code.t_code USING (regress_tl_code.f_pol(id));
CREATE POLICY p_user ON regress_tl_code.t_code AS RESTRICTIVE FOR INSERT
  TO regress_tl_user WITH CHECK (regress_tl_code.f_polchk(id));
GRANT ALL ON regress_tl_code.t_code, regress_tl_code.t_log TO regress_tl_user;
CREATE VIEW regress_tl_code.v_code AS SELECT id, s FROM regress_tl_code.t_code;
CREATE VIEW regress_tl_code.v_outer AS
  SELECT id, regress_tl_code.f_rule(id) AS r FROM regress_tl_code.v_code;
GRANT ALL ON regress_tl_code.v_code, regress_tl_code.v_outer TO regress_tl_user;
RESET ROLE;
RESET tracelab.enabled;

\set counts 'SELECT max(frames) FILTER (WHERE frame_type = ''QueryAnalyzed'') AS qa, max(frames) FILTER (WHERE frame_type = ''PlanStarted'') AS ps, max(frames) FILTER (WHERE frame_type = ''FunctionEntered'') AS fe, max(frames) FILTER (WHERE frame_type = ''RelationDescribed'') AS rd, max(frames) FILTER (WHERE frame_type = ''TypeDescribed'') AS td FROM regress_tl_probe.tracelab_probe_frame_counts()'
\set deltas 'SELECT qa - :b_qa AS analyzed, ps - :b_ps AS planned, fe - :b_fe - 1 AS calls, rd > :b_rd AS relations_described, td > :b_td AS types_described FROM (' :counts ') c'
-- run both counting queries once, so that they are never analysed again:
-- a top-level query repeated under the same roles is analysed once per
-- session (0.5), so the analyses counted are those of the statements
:counts \gset b_
:deltas \gset warm_

-- defaults, generated column, domain, CHECK, index, rule and policies
:counts \gset b_
SET ROLE regress_tl_user;
INSERT INTO regress_tl_code.t_code(id, s) VALUES (5, 3);
RESET ROLE;
:deltas;

-- the same through an auto-updatable view
:counts \gset b_
SET ROLE regress_tl_user;
INSERT INTO regress_tl_code.v_code(id, s) VALUES (6, 4);
RESET ROLE;
:deltas;

-- reading through nested views; policies filter rows
SET ROLE regress_tl_user;
INSERT INTO regress_tl_code.t_code(id, s) VALUES (42, 1);
SELECT id, g, s FROM regress_tl_code.t_code ORDER BY id;
SELECT * FROM regress_tl_code.v_outer ORDER BY id;
SELECT v FROM regress_tl_code.t_log ORDER BY v;
UPDATE regress_tl_code.t_code SET s = 9 WHERE id = 5 RETURNING id, g, s;

-- stored code that rejects a row still reports the same errors
INSERT INTO regress_tl_code.t_code(id, s) VALUES (-1, 1);
INSERT INTO regress_tl_code.t_code(id, s) VALUES (8, 5000);
INSERT INTO regress_tl_code.t_code(id, s) VALUES (200, 1);
RESET ROLE;
SELECT id, g, s FROM regress_tl_code.t_code ORDER BY id;

-- cleanup, not recorded
SET tracelab.enabled = off;
DROP SCHEMA regress_tl_code CASCADE;
DROP SCHEMA regress_tl_probe CASCADE;
DROP ROLE regress_tl_owner;
DROP ROLE regress_tl_user;
