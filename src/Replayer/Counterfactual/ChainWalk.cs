using TraceLab.Policies.Model;

namespace TraceLab.Replayer.Counterfactual;

/// <summary>Questions about an operation's chain that counterfactual outcomes ask.</summary>
internal static class ChainWalk
{
    /// <summary>Whether the chain passes through the function call started at <paramref name="functionSeq"/>.</summary>
    public static bool Enters(IReadOnlyList<ChainEntry> chain, long functionSeq)
    {
        for (var i = 0; i < chain.Count; i++)
        {
            if (chain[i].Seq == functionSeq && chain[i].Kind == ChainEntryKind.Function)
            {
                return true;
            }
        }

        return false;
    }
}
