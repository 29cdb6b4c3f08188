namespace TraceLab.Policies.Model;

/// <summary>What a link of a provenance chain is.</summary>
/// <remarks>Reports and policy files spell these in snake_case (<see cref="ChainEntryKindNames"/>); the numeric values are stable, new
/// kinds are appended.</remarks>
public enum ChainEntryKind
{
    /// <summary>The root: a statement the session user entered, or a synthetic root (COMMIT, parse analysis, a parent
    /// the recording lacks).</summary>
    Statement = 0,

    /// <summary>A view whose stored definition brought the next entry into the query.</summary>
    View = 1,

    /// <summary>A user function (or procedure) that was called.</summary>
    Function = 2,

    /// <summary>A table trigger that fired the next entry, its function.</summary>
    Trigger = 3,

    /// <summary>A planned statement run from inside other code (SPI, a utility command's subquery, a foreign key).</summary>
    Query = 4,

    /// <summary>A utility command run from inside other code.</summary>
    Utility = 5,

    /// <summary>A rule (other than a view's own) of a relation the statement writes.</summary>
    Rule = 6,

    /// <summary>A row-level-security policy of a relation the statement reads or writes.</summary>
    Policy = 7,

    /// <summary>A column default of a relation the statement writes.</summary>
    Default = 8,

    /// <summary>The expression of a generated column of a relation the statement writes.</summary>
    GeneratedColumn = 9,

    /// <summary>A CHECK constraint of a relation.</summary>
    CheckConstraint = 10,

    /// <summary>A CHECK constraint of a domain the statement coerces to or writes.</summary>
    DomainConstraint = 11,

    /// <summary>An expression of an index.</summary>
    IndexExpression = 12,

    /// <summary>The predicate of a partial index.</summary>
    IndexPredicate = 13,

    /// <summary>An aggregate whose support function is the next entry.</summary>
    Aggregate = 14,

    /// <summary>An operator whose function is the next entry; its owner need not own the function.</summary>
    Operator = 15,

    /// <summary>A cast whose function is the next entry (casts have no owner: the entry carries the function's).</summary>
    Cast = 16,

    /// <summary>A type whose input, output, receive or send function is the next entry.</summary>
    TypeIo = 17,

    /// <summary>An event trigger that fired the next entry, its function.</summary>
    EventTrigger = 18,

    /// <summary>A foreign-key constraint that runs the next entry, its check or action query, as a table owner.</summary>
    ForeignKey = 19,

    /// <summary>A prepared statement (SQL PREPARE or a protocol Parse) whose execution the chain continues.</summary>
    PreparedStatement = 20,

    /// <summary>A maintenance command (VACUUM, ANALYZE, …, autovacuum) running code as the table owner, or the root of a
    /// background process.</summary>
    Maintenance = 21,
}
