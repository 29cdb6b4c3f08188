using Spectre.Console;
using Spectre.Console.Rendering;

namespace TraceLab.Reports;

/// <summary>The guide lines of a chain tree in the console table: <c>└ </c> before each entry, two columns per level.</summary>
/// <remarks>Spectre's own guides draw <c>└── </c>; the table printed <c>└ view mallory.v_bait (mallory, rewrite)</c>
/// before it drew trees, and scripts and tests match that text, so the tree keeps the one-character branch. It is
/// also narrower, which matters in a cell of a 120-column table.</remarks>
internal sealed class ChainTreeGuide : TreeGuide
{
    public static ChainTreeGuide Instance { get; } = new();

    public override string GetPart(TreeGuidePart part) => part switch
    {
        TreeGuidePart.Space => "  ",
        TreeGuidePart.Continue => "│ ",
        TreeGuidePart.Fork => "├ ",
        TreeGuidePart.End => "└ ",
        _ => throw new ArgumentOutOfRangeException(nameof(part), part, "Unknown tree guide part."),
    };
}
