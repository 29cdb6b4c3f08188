using Spectre.Console.Cli;
using TraceLab.Cli.Commands;
using TraceLab.Cli.Commands.Policies;

namespace TraceLab.Cli.CommandLine;

/// <summary>The verbs of <c>tracelab</c>, their descriptions and examples, and the rules every command line obeys.</summary>
/// <remarks>Kept apart from <c>Program</c> so that tests parse command lines exactly as the tool does.</remarks>
internal static class TraceLabApp
{
    /// <summary>A command app configured as <c>tracelab</c> is, remembering the chosen verb in <paramref name="running"/>.</summary>
    public static CommandApp Create(RunningCommand running)
    {
        var app = new CommandApp();
        app.Configure(config => Configure(config, running));
        return app;
    }

    private static void Configure(IConfigurator config, RunningCommand running)
    {
        config.SetApplicationName("tracelab");
        config.PropagateExceptions();
        config.SetInterceptor(running);
        config.SetInterceptor(new StrictCommandLine());
        config.AddCommand<UpCommand>("up")
            .WithDescription("Create (first time) and start the embedded PostgreSQL 15 cluster with the probe.")
            .WithExample("up");
        config.AddCommand<DownCommand>("down").WithDescription("Stop the embedded cluster.").WithExample("down");
        config.AddCommand<StatusCommand>("status")
            .WithDescription("Show where the embedded cluster lives, how to connect to it, and the policy it enforces.")
            .WithExample("status")
            .WithExample("status", "--format", "json");
        config.AddCommand<RecordCommand>("record")
            .WithDescription("Ingest probe spool files into the event store.")
            .WithExample("record", "--once")
            .WithExample("record", "--follow", "-c", "postgresql://recorder@db.example:5432/tracelab_events")
            .WithExample("record", "--spool", "/var/lib/postgresql/tracelab-spool", "-q");
        config.AddCommand<SessionsCommand>("sessions")
            .WithDescription("List recorded sessions.")
            .WithExample("sessions")
            .WithExample("sessions", "--user", "alice", "-f", "json");
        config.AddCommand<ShapesCommand>("shapes")
            .WithDescription("List the distinct chain shapes of all recorded sessions, with counts per role and database.")
            .WithExample("shapes", "--limit", "10")
            .WithExample("shapes", "--user", "alice", "-f", "json");
        config.AddCommand<ReplayCommand>("replay")
            .WithDescription("Replay recorded sessions under policies and show each operation's outcomes.")
            .WithExample("replay", "--all", "-p", "permissive", "-p", "ddl-needs-trusted-chain")
            .WithExample("replay", "4f2a", "-p", "mine.yaml", "-f", "json", "-o", "report.json")
            .WithExample("replay", "--all", "-p", "ddl-needs-trusted-chain", "--fail-on", "blocked", "-f", "junit", "-o", "report.xml")
            .WithExample("replay", "--user", "alice", "--since", "2026-12-06T09:00:00Z", "-p", "strict-trusted-chain")
            .WithExample("replay", "--all", "--distributed", "-p", "permissive", "-p", "mine.yaml", "-f", "json", "-o", "report.json");
        config.AddCommand<DiffCommand>("diff")
            .WithDescription("Show only the operations whose outcome differs between policies.")
            .WithExample("diff", "--all", "-p", "permissive", "-p", "ddl-needs-trusted-chain")
            .WithExample("diff", "--trace", "prod.trace", "-p", "permissive", "-p", "mine.yaml", "-f", "markdown", "-o", "diff.md")
            .WithExample("diff", "--database", "shop", "-p", "ddl-needs-trusted-chain", "-p", "mine.yaml", "--exit-code");
        config.AddCommand<WorkerCommand>("worker")
            .WithDescription("Replay the jobs of \"replay --distributed\" and \"diff --distributed\" until interrupted.")
            .WithExample("worker")
            .WithExample("worker", "--concurrency", "2", "-p", "mine.yaml", "-c", "postgresql://worker@db.example:5432/tracelab_events");
        config.AddCommand<ExportCommand>("export")
            .WithDescription("Write recorded sessions to a portable trace file.")
            .WithExample("export", "--all", "-o", "prod.trace")
            .WithExample("export", "4f2a", "-o", "incident.trace", "-q");
        config.AddCommand<ImportCommand>("import")
            .WithDescription("Append the sessions of a trace file to the event store.")
            .WithExample("import", "prod.trace");
        config.AddBranch("store", store =>
        {
            store.SetDescription("Manage the event store's schema.");
            store.AddCommand<StoreMigrateCommand>("migrate")
                .WithDescription("Create or update the TraceLab schema of the event store (read commands never do).")
                .WithExample("store", "migrate")
                .WithExample("store", "migrate", "-c", "postgresql://owner@db.example:5432/tracelab_events");
        });
        config.AddBranch("policies", policies =>
        {
            policies.SetDescription("List, show, check, suggest and compile enforcement policies.");
            policies.AddCommand<PoliciesListCommand>("list").WithDescription("List the built-in policies.")
                .WithExample("policies", "list", "-f", "json");
            policies.AddCommand<PoliciesShowCommand>("show").WithDescription("Print a policy's file.")
                .WithExample("policies", "show", "ddl-needs-trusted-chain");
            policies.AddCommand<PoliciesCheckCommand>("check").WithDescription("Validate policy files.")
                .WithExample("policies", "check", "mine.yaml");
            policies.AddCommand<PoliciesSuggestCommand>("suggest")
                .WithDescription("Grow a policy's trust, as little as can be, until it flags none of the recorded traffic.")
                .WithExample("policies", "suggest", "--all", "--base", "ddl-needs-trusted-chain", "-o", "mine.yaml")
                .WithExample("policies", "suggest", "--trace", "staging.trace", "--all", "--base", "strict-trusted-chain");
            policies.AddCommand<PoliciesCompileCommand>("compile")
                .WithDescription("Compile a policy into the binary form the probe loads.")
                .WithExample("policies", "compile", "ddl-needs-trusted-chain", "-o", "ddl.tlpolicy");
        });
        config.AddCommand<EnforceCommand>("enforce")
            .WithDescription("Enforce a policy in the embedded cluster, live: compile, install, reload; or stop enforcing.")
            .WithExample("enforce", "ddl-needs-trusted-chain")
            .WithExample("enforce", "mine.yaml", "--mode", "block")
            .WithExample("enforce", "--off");
        config.AddBranch("suite", suite =>
        {
            suite.SetDescription("Run attack and benign scenarios and compare each policy's outcome with the expected one.");
            suite.AddCommand<SuiteRunCommand>("run")
                .WithDescription("Run scenario files in fresh databases, record, replay under policies, and print the matrix.")
                .WithExample("suite", "run")
                .WithExample("suite", "run", "scenarios/attacks", "-p", "ddl-needs-trusted-chain", "-f", "junit", "-o", "suite.xml")
                .WithExample("suite", "run", "scenarios/attacks/trigger-on-insert.sql", "--keep")
                .WithExample("suite", "run", "--enforce", "-p", "ddl-needs-trusted-chain", "-j", "2");
        });
        config.AddBranch("scenario", scenario =>
        {
            scenario.SetDescription("Write scenario files from recorded sessions.");
            scenario.AddCommand<ScenarioFromSessionCommand>("from-session")
                .WithDescription("Turn recorded sessions into a scenario file: their roles, statements and today's outcomes.")
                .WithExample("scenario", "from-session", "--database", "shop", "-o", "scenarios/attacks/shop-incident.sql")
                .WithExample("scenario", "from-session", "4f2a", "51c0", "-p", "ddl-needs-trusted-chain", "-o", "scenarios/benign/nightly-job.sql");
        });
        config.AddCommand<DemoCommand>("demo")
            .WithDescription("Record a scripted attack and a benign session, replay them under both policies.")
            .WithExample("demo");
    }
}
