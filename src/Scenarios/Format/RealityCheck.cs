namespace TraceLab.Scenarios.Format;

/// <summary>What happened on stock PostgreSQL: a query run after the steps and the value it must return.</summary>
/// <param name="Query">Run unrecorded as the bootstrap superuser in the scenario's database.</param>
/// <param name="Expected">psql's unaligned text of the first column of the first row (<c>t</c>, <c>42</c>; empty for
/// NULL or no row).</param>
public sealed record RealityCheck(string Query, string Expected);
