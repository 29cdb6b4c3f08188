using TraceLab.Cli.Commands.Policies;

namespace TraceLab.Cli.Tests.Commands.Policies;

/// <summary><c>policies check</c> reports each unusable file as an error triple and goes on with the next.</summary>
[Collection(nameof(ConsoleCapture))]
public sealed class PoliciesCheckCommandTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("tracelab-check-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Fact]
    public void Every_file_is_checked_and_none_prints_a_stack_trace()
    {
        var unclosed = Path.Combine(directory, "unclosed.yaml");
        File.WriteAllText(unclosed, "name: x\ndescription: y\nrules:\n  - name: r\n    operations: [ddl\n    action: block\n");
        var deep = Path.Combine(directory, "deep.yaml");
        File.WriteAllText(deep, new string('[', 100_000));
        var valid = Path.Combine(directory, "valid.yaml");
        File.WriteAllText(valid, "name: mine\ndescription: A policy.\nrules:\n  - {name: r, operations: [ddl], action: block}\n");

        var (exit, output, errors) = ConsoleCapture.Run(() => new PoliciesCheckCommand().Execute(
            null!, new PoliciesCheckCommand.Settings { Files = [unclosed, deep, "/dev/zero", directory, valid] }, CancellationToken.None));

        exit.ShouldBe(1);
        output.ShouldBe($"policy file \"{valid}\" is valid: policy \"mine\"\n");
        errors.Split('\n').Where(l => l.StartsWith("error: ", StringComparison.Ordinal)).ShouldBe(
        [
            $"error: invalid policy file \"{unclosed}\"",
            $"error: invalid policy file \"{deep}\"",
            "error: policy file \"/dev/zero\" is not a regular file",
            $"error: policy file \"{directory}\" is not a regular file",
        ]);
        errors.ShouldNotContain("   at ");
        errors.ShouldNotContain("Exception");
    }

    [Fact]
    public void An_old_spelling_is_valid_with_a_warning()
    {
        var old = Path.Combine(directory, "old.yaml");
        File.WriteAllText(old, "name: mine\ndescription: A policy.\nrules:\n"
                               + "  - {name: r, operations: [any], when: {entry-kinds: [generated-column]}, action: block}\n");

        var (exit, output, errors) = ConsoleCapture.Run(() => new PoliciesCheckCommand().Execute(
            null!, new PoliciesCheckCommand.Settings { Files = [old] }, CancellationToken.None));

        exit.ShouldBe(0);
        output.ShouldBe($"policy file \"{old}\" is valid: policy \"mine\"\n");
        errors.ShouldBe(
            "warning: \"generated-column\" is an old spelling\n"
            + $"detail: \"{old}\", line 4, column 55: Reports and JSON spell this entry kind \"generated_column\", and so do policy "
            + "files; the old spelling is still read.\n"
            + "hint: Write \"generated_column\".\n");
    }
}
