namespace TraceLab.Policies.Model;

/// <summary>Families of commands that policies guard, derived from the command tag.</summary>
/// <remarks>See <see cref="CommandCategories"/> for the table and the reasoning behind the borderline cases.</remarks>
public enum CommandCategory
{
    /// <summary>Anything not listed below, including tags this version does not know.</summary>
    Other = 0,

    /// <summary>Schema and object definition: CREATE, ALTER, DROP of objects, COMMENT, SECURITY LABEL, …</summary>
    Ddl,

    /// <summary>Role definition: CREATE/ALTER/DROP ROLE, REASSIGN OWNED, DROP OWNED.</summary>
    Role,

    /// <summary>Privileges: GRANT, REVOKE (also of roles), ALTER DEFAULT PRIVILEGES.</summary>
    Grant,

    /// <summary>BEGIN, COMMIT, ROLLBACK, savepoints, two-phase commit, SET CONSTRAINTS.</summary>
    TransactionControl,

    /// <summary>Session state: SET, RESET, SHOW, DISCARD, LISTEN, UNLISTEN, LOAD.</summary>
    Session,

    /// <summary>Prepared statements and cursors: PREPARE, EXECUTE, DEALLOCATE, DECLARE CURSOR, FETCH, MOVE, CLOSE.</summary>
    CursorOrPrepared,

    /// <summary>VACUUM, ANALYZE, CHECKPOINT.</summary>
    Maintenance,

    /// <summary>COPY in either direction.</summary>
    Copy,

    /// <summary>CALL and DO: run procedural code.</summary>
    Procedural,

    /// <summary>SELECT, including its locking variants.</summary>
    DmlRead,

    /// <summary>INSERT, UPDATE, DELETE, MERGE, TRUNCATE.</summary>
    DmlWrite,

    /// <summary>A user function call (TraceLab's own <c>EXECUTE FUNCTION</c> tag).</summary>
    FunctionCall,

    /// <summary>A role switch that took effect (SET ROLE, SET SESSION AUTHORIZATION and their RESETs).</summary>
    /// <remarks>Not derived from a command tag: PostgreSQL tags these <c>SET</c>/<c>RESET</c>
    /// (<see cref="Session"/>); the probe reports the switch itself as its own operation.</remarks>
    RoleSwitch,
}
