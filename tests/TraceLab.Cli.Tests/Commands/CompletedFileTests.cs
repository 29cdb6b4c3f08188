using TraceLab.Cli.Commands;

namespace TraceLab.Cli.Tests.Commands;

public sealed class CompletedFileTests : IDisposable
{
    private readonly DirectoryInfo directory = Directory.CreateTempSubdirectory("tracelab-completed-file-");

    [Fact]
    public void A_committed_file_replaces_the_old_one_and_leaves_no_temporary_file()
    {
        var path = Path.Combine(directory.FullName, "report.json");
        File.WriteAllText(path, "old");
        using (var file = new CompletedFile(path))
        {
            using (var writer = new StreamWriter(file.Open()))
            {
                writer.Write("new");
            }

            file.Commit();
        }

        File.ReadAllText(path).ShouldBe("new");
        directory.GetFiles().Select(f => f.Name).ShouldBe(["report.json"]);
    }

    [Fact]
    public void A_file_abandoned_before_commit_keeps_the_old_one_and_removes_the_temporary_file()
    {
        var path = Path.Combine(directory.FullName, "report.json");
        File.WriteAllText(path, "old");
        using (var file = new CompletedFile(path))
        {
            file.Open().WriteByte(1);
        }

        File.ReadAllText(path).ShouldBe("old");
        directory.GetFiles().Select(f => f.Name).ShouldBe(["report.json"]);
    }

    [Fact]
    public void A_directory_as_target_is_refused_before_anything_is_written()
    {
        using var file = new CompletedFile(directory.FullName);

        var error = Should.Throw<CliException>(file.Open);

        error.IsUsage.ShouldBeFalse();
        error.Message.ShouldBe($"could not write file \"{directory.FullName}\"");
        error.Detail.ShouldBe($"\"{directory.FullName}\" is a directory.");
    }

    [Fact]
    public void A_rename_that_fails_says_why_and_removes_the_temporary_file()
    {
        // Given a target that becomes a non-empty directory while the file is written
        var path = Path.Combine(directory.FullName, "report.json");
        using var file = new CompletedFile(path);
        file.Open().WriteByte(1);
        Directory.CreateDirectory(Path.Combine(path, "inside"));

        // When it is committed
        var error = Should.Throw<CliException>(file.Commit);

        // Then the error says which step failed and why, and only the directory is left
        error.Message.ShouldBe($"could not replace file \"{path}\"");
        error.Detail.ShouldNotBeNull().ShouldStartWith("Renaming the completed temporary file over it failed: ");
        error.Hint.ShouldBe($"\"{path}\" is a directory; give a file name.");
        directory.GetFileSystemInfos().Select(f => f.Name).ShouldBe(["report.json"]);
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    public void An_empty_name_is_a_usage_error(string name)
    {
        var error = Should.Throw<CliException>(() => new CompletedFile(name));

        error.IsUsage.ShouldBeTrue();
        error.Message.ShouldBe($"invalid value for --out: \"{name}\"");
    }

    public void Dispose() => directory.Delete(recursive: true);
}
