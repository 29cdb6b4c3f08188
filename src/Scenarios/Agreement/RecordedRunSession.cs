namespace TraceLab.Scenarios.Agreement;

/// <summary>One recorded session of a run, with its operations, as the agreement check pairs sessions.</summary>
/// <param name="Label">A step session as the file names it (<c>alice</c>, <c>alice session=2</c>); a background
/// session's backend type (<c>autovacuum worker</c>).</param>
/// <param name="Background">A session no step opened (autovacuum worker, parallel worker): how many there are and when
/// they run is the server's business.</param>
/// <param name="Operations">In the order they ran.</param>
public sealed record RecordedRunSession<T>(string Label, bool Background, IReadOnlyList<T> Operations);
