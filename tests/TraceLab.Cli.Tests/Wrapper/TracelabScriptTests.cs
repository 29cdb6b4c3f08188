using System.Diagnostics;

namespace TraceLab.Cli.Tests.Wrapper;

/// <summary>The <c>./tracelab</c> wrapper's freshness check, run for real on a scratch checkout in which a stand-in
/// <c>dotnet</c> logs what it is asked to do and, when asked to build (<c>dotnet build</c> or, where the wrapper
/// compiles ReadyToRun, <c>dotnet publish</c>), writes generated files under <c>obj/</c> as the SDK does.</summary>
public sealed class TracelabScriptTests : IDisposable
{
    private readonly DirectoryInfo checkout = Directory.CreateTempSubdirectory("tracelab-wrapper-");

    public TracelabScriptTests()
    {
        File.Copy(Path.Combine(RepositoryRoot(), "tracelab"), Path.Combine(checkout.FullName, "tracelab"));
        Directory.CreateDirectory(Path.Combine(checkout.FullName, "scripts"));
        var publish = Path.Combine(checkout.FullName, "scripts", "dotnet-publish.sh");
        File.Copy(Path.Combine(RepositoryRoot(), "scripts", "dotnet-publish.sh"), publish);
        File.SetUnixFileMode(publish, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        Directory.CreateDirectory(Path.Combine(checkout.FullName, "src", "Cli"));
        Directory.CreateDirectory(Path.Combine(checkout.FullName, "fake-bin"));
        foreach (var source in new[] { "src/Cli/Program.cs", "src/Cli/TraceLab.Cli.csproj", "Directory.Build.props", "Directory.Packages.props" })
        {
            File.WriteAllText(Path.Combine(checkout.FullName, source), "");
        }

        // A build stamps generated files a moment after it started, later than the wrapper's stamp.
        var dotnet = Path.Combine(checkout.FullName, "fake-bin", "dotnet");
        File.WriteAllText(dotnet, """
            #!/bin/sh
            if [ "$1" = build ] || [ "$1" = publish ]; then
                echo build >>"$TRACELAB_ROOT/calls"
                echo "$@" >>"$TRACELAB_ROOT/build-arguments"
                mkdir -p "$TRACELAB_ROOT/src/Cli/obj/Release"
                for f in TraceLab.Cli.AssemblyInfo.cs TraceLab.Cli.GlobalUsings.g.cs TraceLab.Cli.csproj.nuget.g.props; do
                    : >"$TRACELAB_ROOT/src/Cli/obj/Release/$f"
                    touch -d "@$(( $(date +%s) + 2 ))" "$TRACELAB_ROOT/src/Cli/obj/Release/$f"
                done
                exit 0
            fi
            echo run >>"$TRACELAB_ROOT/calls"

            """.ReplaceLineEndings("\n"));
        File.SetUnixFileMode(dotnet, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    public void Dispose() => checkout.Delete(recursive: true);

    [Fact]
    public void A_second_command_after_a_build_does_not_build_again_but_a_changed_source_does()
    {
        // Given a checkout the CLI was never built in, when two commands run one after the other
        var first = Run();
        var second = Run();

        // Then only the first one builds, though the build left files in obj/ newer than its stamp
        first.ShouldContain("building tracelab");
        second.ShouldNotContain("building tracelab");
        Calls().ShouldBe(["build", "run", "run"]);

        // When a source file changes after that build
        File.SetLastWriteTimeUtc(Path.Combine(checkout.FullName, "src", "Cli", "Program.cs"), TimeProvider.System.GetUtcNow().UtcDateTime.AddSeconds(5));
        var third = Run();

        // Then the next command builds again
        third.ShouldContain("building tracelab");
        Calls().ShouldBe(["build", "run", "run", "build", "run"]);
    }

    [Fact]
    public void The_build_is_published_ReadyToRun_for_this_machines_architecture()
    {
        // Given this machine's architecture, as the wrapper reads it
        var rid = System.Runtime.InteropServices.RuntimeInformation.OSArchitecture switch
        {
            System.Runtime.InteropServices.Architecture.X64 => "linux-x64",
            System.Runtime.InteropServices.Architecture.Arm64 => "linux-arm64",
            _ => null,
        };

        // When the wrapper builds the CLI
        Run();
        var arguments = File.ReadAllText(Path.Combine(checkout.FullName, "build-arguments")).Trim();

        // Then it publishes ReadyToRun for that architecture, framework-dependent, where it knows the architecture,
        // and builds plainly elsewhere
        if (rid is null)
        {
            arguments.ShouldStartWith("build ");
            return;
        }

        arguments.ShouldStartWith("publish ");
        arguments.ShouldContain($"-r {rid}");
        arguments.ShouldContain("--self-contained false");
        arguments.ShouldContain("-p:PublishReadyToRun=true");
        arguments.ShouldContain("-c Release");
    }

    /// <summary>Runs <c>tracelab --version</c> with the stand-in dotnet first on PATH; returns its standard error.</summary>
    private string Run()
    {
        var info = new ProcessStartInfo("bash") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        info.ArgumentList.Add(Path.Combine(checkout.FullName, "tracelab"));
        info.ArgumentList.Add("--version");
        info.Environment["PATH"] = Path.Combine(checkout.FullName, "fake-bin") + ":" + Environment.GetEnvironmentVariable("PATH");
        using var process = Process.Start(info) ?? throw new InvalidOperationException("Could not start bash.");
        var error = process.StandardError.ReadToEnd();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        process.ExitCode.ShouldBe(0, error);
        return error;
    }

    private string[] Calls() => File.ReadAllLines(Path.Combine(checkout.FullName, "calls"));

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "TraceLab.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("The tests do not run inside a TraceLab checkout.");
    }
}
