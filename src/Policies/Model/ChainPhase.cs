namespace TraceLab.Policies.Model;

/// <summary>The phase of query processing that produced a chain entry.</summary>
/// <remarks>Views, rules, row-level-security policies and column defaults are put into the query by the rewriter;
/// other stored code (index expressions and predicates, CHECK and domain constraints, generation expressions) is loaded
/// by the planner or executor and takes the phase of the call it brings. Calls carry the phase the probe recorded.
/// Reports print the lower-case name.</remarks>
public enum ChainPhase
{
    /// <summary>The recording does not say (a version-1 call with no enclosing statement).</summary>
    Unknown = 0,

    /// <summary>A view, rule, row-level-security policy or column default the rewriter put into the query.</summary>
    Rewrite = 1,

    /// <summary>A prepared statement's definition.</summary>
    Prepare = 2,

    /// <summary>Parse analysis or Bind's parameter conversion, with no statement open.</summary>
    Parse = 3,

    /// <summary>The planner: const-folding, selectivity estimation, partial-index proofs.</summary>
    Planning = 4,

    /// <summary>The executor running a planned statement.</summary>
    Execution = 5,

    /// <summary>A utility command.</summary>
    Utility = 6,

    /// <summary>A security-restricted maintenance operation (VACUUM, ANALYZE, …, autovacuum) running as the table owner.</summary>
    Maintenance = 7,

    /// <summary>Deferred work at COMMIT with no statement open.</summary>
    Commit = 8,
}
