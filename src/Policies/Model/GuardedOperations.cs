namespace TraceLab.Policies.Model;

/// <summary>The operation kinds of the policy language (<c>operations:</c> in a rule), as flags.</summary>
/// <remarks>An operation may belong to several: <c>COPY … FROM PROGRAM</c> is both <see cref="CopyProgram"/> and
/// <see cref="DmlWrite"/>. Commands of no listed kind (SET, BEGIN, CALL, DO, EXPLAIN, …) are matched only by
/// <see cref="Any"/>. LANGUAGE.md has the table.</remarks>
[Flags]
public enum GuardedOperations
{
    /// <summary>Only <c>any</c> matches.</summary>
    None = 0,

    /// <summary><c>function-execution</c>: a call of a user function.</summary>
    FunctionExecution = 1,

    /// <summary><c>ddl</c>: utility commands of category ddl.</summary>
    Ddl = 2,

    /// <summary><c>role</c>: CREATE/ALTER/DROP ROLE, REASSIGN OWNED, DROP OWNED.</summary>
    Role = 4,

    /// <summary><c>grant</c>: GRANT, REVOKE, ALTER DEFAULT PRIVILEGES.</summary>
    Grant = 8,

    /// <summary><c>dml-write</c>: INSERT, UPDATE, DELETE, MERGE, TRUNCATE, COPY FROM.</summary>
    DmlWrite = 16,

    /// <summary><c>dml-read</c>: SELECT, COPY TO.</summary>
    DmlRead = 32,

    /// <summary><c>role-switch</c>: SET ROLE, RESET ROLE, SET SESSION AUTHORIZATION.</summary>
    RoleSwitch = 64,

    /// <summary><c>copy-program</c>: COPY TO PROGRAM, COPY FROM PROGRAM.</summary>
    CopyProgram = 128,

    /// <summary><c>maintenance</c>: VACUUM, ANALYZE, CHECKPOINT.</summary>
    Maintenance = 256,

    /// <summary>Every kind above, and every other operation: <c>any</c>.</summary>
    Any = 1 << 30,
}
