using TraceLab.Policies.Model;
using TraceLab.Policies;
using TraceLab.Replayer;
using TraceLab.Replayer.Shapes;

namespace TraceLab.Statistics;

/// <summary>The <see cref="ChainShape"/> of one operation, built from the replayer's own parts (entry kinds as
/// <see cref="ReportNames"/> spells them, owners by <see cref="OwnerRelations"/>), so that the statistics and a replay's
/// shapes section name the same shape with the same text.</summary>
public static class ChainShapes
{
    public static ChainShape Of(Operation operation)
    {
        ArgumentNullException.ThrowIfNull(operation);
        var chain = operation.Chain;
        var kinds = new string[chain.Count];
        var owners = new string[chain.Count];
        var inlined = new List<int>();
        for (var i = 0; i < chain.Count; i++)
        {
            kinds[i] = ReportNames.Of(chain[i].Kind);
            owners[i] = OwnerRelations.NameOf(OwnerRelations.Of(chain[i].Owner, operation.Executor, operation.Roles));
            if (chain[i].Inlined)
            {
                inlined.Add(i);
            }
        }

        return new ChainShape(operation.Command, kinds, owners) { Inlined = inlined };
    }
}
