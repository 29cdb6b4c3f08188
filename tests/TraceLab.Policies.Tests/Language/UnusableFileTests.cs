using System.Diagnostics;
using TraceLab.Policies.Language;

namespace TraceLab.Policies.Tests.Language;

/// <summary>No input makes reading a policy file throw anything but <see cref="PolicyFileException"/>: each problem is
/// one error naming the file (and its line and column where there is one).</summary>
public sealed class UnusableFileTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("tracelab-policy-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    private string Write(string name, byte[] bytes)
    {
        var path = Path.Combine(directory, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private static PolicyFileException Failure(string path) => Should.Throw<PolicyFileException>(() => PolicyFile.Load(path));

    [Fact]
    public void An_unclosed_flow_sequence_followed_by_more_lines_is_a_yaml_error_with_its_line()
    {
        var text = "name: mine\ndescription: A policy.\nrules:\n  - name: r\n    operations: [ddl\n    action: block\n  - name: s\n";

        var errors = PolicyFile.Check(text, "mine.yaml");

        var error = errors.ShouldHaveSingleItem();
        error.Message.ShouldBe("invalid YAML: the text cannot be parsed after this point");
        (error.Line, error.Column).ShouldBe((5, 17));
        error.Hint.ShouldBe("Check that every \"[\", \"{\" and quote before this point is closed.");
    }

    [Fact]
    public void A_file_nested_100000_levels_deep_is_an_error_naming_the_limit()
    {
        var text = new string('[', 100_000);

        var error = PolicyFile.Check(text, "deep.yaml").ShouldHaveSingleItem();

        error.Message.ShouldBe($"mappings and lists nest more than {PolicyLimits.MaxDepth} levels deep");
        (error.Line, error.Column).ShouldBe((1, PolicyLimits.MaxDepth + 1));
    }

    [Fact]
    public void Nesting_at_the_limit_is_not_the_nesting_error()
    {
        var text = "name: mine\ndescription: A policy.\nrules:\n  - name: r\n    operations: [ddl]\n    objects: "
                   + new string('[', PolicyLimits.MaxDepth - 3) + new string(']', PolicyLimits.MaxDepth - 3) + "\n    action: block\n";

        var errors = PolicyFile.Check(text, "deep.yaml");

        errors.ShouldNotBeEmpty();
        errors.ShouldAllBe(e => !e.Message.Contains("levels deep"));
    }

    [Fact]
    public void A_file_over_the_size_limit_is_refused_naming_the_limit()
    {
        var path = Write("big.yaml", new byte[PolicyLimits.MaxBytes + 1].Select(_ => (byte)'#').ToArray());

        var e = Failure(path);

        e.Message.ShouldBe($"policy file \"{path}\" is too large");
        e.Detail.ShouldBe("A policy file may have at most 1,048,576 bytes (1 MiB); this one has more.");
        e.Hint.ShouldNotBeNull();
    }

    [Fact]
    public void A_file_of_exactly_the_size_limit_is_read()
    {
        var path = Write("big.yaml", new byte[PolicyLimits.MaxBytes].Select(_ => (byte)'#').ToArray());

        Failure(path).Message.ShouldBe($"invalid policy file \"{path}\"");
    }

    [Fact]
    public void A_device_without_end_is_not_read()
    {
        var e = Failure("/dev/zero");

        e.Message.ShouldBe("policy file \"/dev/zero\" is not a regular file");
        e.Detail.ShouldBe("It is a character device; a policy file is read from a regular file only.");
    }

    [Fact]
    public void A_directory_is_not_a_policy_file()
    {
        var e = Failure(directory);

        e.Message.ShouldBe($"policy file \"{directory}\" is not a regular file");
        e.Detail.ShouldBe("It is a directory; a policy file is read from a regular file only.");
    }

    [Fact]
    public async Task A_named_pipe_is_refused_without_waiting_for_a_writer()
    {
        var path = Path.Combine(directory, "pipe.yaml");
        using (var mkfifo = Process.Start("mkfifo", [path]))
        {
            await mkfifo.WaitForExitAsync(TestContext.Current.CancellationToken);
        }

        var read = Task.Run(() => Failure(path), TestContext.Current.CancellationToken);

        var e = await read.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        e.Detail.ShouldBe("It is a named pipe (FIFO); a policy file is read from a regular file only.");
    }

    [Fact]
    public void Invalid_utf8_names_the_line_and_byte()
    {
        var path = Write("latin1.yaml", [.. "name: mine\ndescription: caf"u8.ToArray(), 0xE9, (byte)'\n']);

        var e = Failure(path);

        e.Message.ShouldBe($"policy file \"{path}\" is not valid UTF-8");
        e.Detail.ShouldBe("Line 2: byte 28 of the file (0xe9) does not start or continue a UTF-8 character.");
    }

    [Fact]
    public void Binary_garbage_is_an_error_not_an_exception()
    {
        var random = new Random(11);
        for (var i = 0; i < 200; i++)
        {
            var bytes = new byte[random.Next(1, 300)];
            random.NextBytes(bytes);
            var path = Write($"garbage{i}.yaml", bytes);

            Failure(path).Errors.ShouldNotBeEmpty();
        }
    }

    [Fact]
    public void Yaml_shaped_garbage_is_an_error_not_an_exception()
    {
        const string alphabet = "[]{}:,-?!&*|>'\"#% \n\tab1@`";
        var random = new Random(12);
        for (var i = 0; i < 2000; i++)
        {
            var text = new string([.. Enumerable.Range(0, random.Next(1, 80)).Select(_ => alphabet[random.Next(alphabet.Length)])]);

            Should.NotThrow(() => PolicyFile.Check(text, "fuzz.yaml"), text).ShouldNotBeEmpty(text);
        }
    }

    [Fact]
    public void A_missing_file_is_a_read_error_naming_it()
    {
        var path = Path.Combine(directory, "missing.yaml");

        var e = Failure(path);

        e.Message.ShouldBe($"could not read policy file \"{path}\"");
        e.Hint.ShouldBe("Check the path and its permissions.");
    }
}
