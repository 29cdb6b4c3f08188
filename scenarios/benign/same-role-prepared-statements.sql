/*---
title: Prepared statements prepared and executed by the same role
pattern: Benign PREPARE / EXECUTE of one's own statements over one's own tables and functions
description: >
  bob's application prepares its statements at the start of the session (an insert through his own
  function and a lookup) and executes them several times. The prepared statements, the function and
  the table are all bob's.
roles:
  bob: {}
expect: {permissive: allowed, ddl-needs-trusted-chain: allowed, no-untrusted-code-as-superuser: allowed, sandbox-untrusted: allowed, strict-trusted-chain: allowed, strict-trusted-chain-infrastructure: allowed,
  strict-trusted-chain-membership: allowed, strict-trusted-chain-since-definer: allowed}
---*/

-- @setup
CREATE SCHEMA bob AUTHORIZATION bob;
SET ROLE bob;
CREATE TABLE bob.orders(id integer, customer text, total numeric);
CREATE FUNCTION bob.add_order(i integer, c text, t numeric) RETURNS integer LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO bob.orders VALUES (i, c, t);
    RETURN i;
END $$;
RESET ROLE;

-- @step bob
PREPARE add_order(integer, text, numeric) AS SELECT bob.add_order($1, $2, $3);
PREPARE orders_of(text) AS SELECT id, total FROM bob.orders WHERE customer = $1 ORDER BY id;
EXECUTE add_order(1, 'Ada', 20);
EXECUTE add_order(2, 'Ada', 35);
EXECUTE add_order(3, 'Alan', 12);
EXECUTE orders_of('Ada');
DEALLOCATE ALL;
