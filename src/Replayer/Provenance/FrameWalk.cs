using TraceLab.Policies.Model;

namespace TraceLab.Replayer.Provenance;

/// <summary>Questions answered by walking from a frame up to the root.</summary>
internal static class FrameWalk
{
    /// <summary>Whether a frame between <paramref name="node"/> and the nearest function already runs the prepared
    /// statement <paramref name="name"/> (the planned statement under an EXECUTE).</summary>
    public static bool RunsPrepared(FrameNode? node, string name)
    {
        for (var n = node; n is not null && n.Kind != FrameKind.Function; n = n.Parent)
        {
            if (string.Equals(n.PreparedName, name, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The owner of the innermost function enclosing <paramref name="node"/>, if any.</summary>
    public static uint? FunctionOwnerAbove(FrameNode? node)
    {
        for (var n = node; n is not null; n = n.Parent)
        {
            if (n.Kind == FrameKind.Function)
            {
                return n.IssuerOwnerOid;
            }
        }

        return null;
    }

    /// <summary>The maintenance command or background process a restricted frame under <paramref name="node"/> runs
    /// for, unless a function or a maintenance entry comes first (calls nested in code already attributed).</summary>
    public static FrameNode? MaintenanceContextAbove(FrameNode? node)
    {
        for (var n = node; n is not null; n = n.Parent)
        {
            if (n.HasMaintenanceEntry || n.Kind == FrameKind.Function)
            {
                return null;
            }

            if (n.IsMaintenanceContext)
            {
                return n;
            }
        }

        return null;
    }

    /// <summary>The phase of a call: as recorded, or for version-1 recordings inferred from the innermost statement.</summary>
    public static ChainPhase PhaseOf(string recordedPhase, FrameNode? parent)
    {
        var recorded = recordedPhase switch
        {
            "parse" => ChainPhase.Parse,
            "planning" => ChainPhase.Planning,
            "execution" => ChainPhase.Execution,
            "utility" => ChainPhase.Utility,
            "maintenance" => ChainPhase.Maintenance,
            "commit" => ChainPhase.Commit,
            _ => ChainPhase.Unknown,
        };
        if (recorded != ChainPhase.Unknown)
        {
            return recorded;
        }

        for (var n = parent; n is not null; n = n.Parent)
        {
            switch (n.Kind)
            {
                case FrameKind.PlannedStatement:
                    return ChainPhase.Execution;
                case FrameKind.UtilityStatement:
                    return ChainPhase.Utility;
                case FrameKind.Plan:
                    return ChainPhase.Planning;
                case FrameKind.Maintenance:
                    return ChainPhase.Maintenance;
                case FrameKind.Root:
                    return n.Entries[0].Phase;
            }
        }

        return ChainPhase.Unknown;
    }
}
