namespace TraceLab.Replayer.Provenance;

/// <summary>Which stored code of a relation may run for a statement.</summary>
[Flags]
internal enum CodeKinds
{
    None = 0,
    Defaults = 1,
    Checks = 2,
    DomainColumns = 4,
    Rules = 8,
    IndexExpressions = 16,
    IndexPredicates = 32,
    Policies = 64,

    /// <summary>What writing rows evaluates: defaults and generated columns, CHECK and domain constraints, index code.</summary>
    Write = Defaults | Checks | DomainColumns | IndexExpressions | IndexPredicates,

    /// <summary>What maintenance evaluates: index expressions and predicates.</summary>
    Index = IndexExpressions | IndexPredicates,
}
