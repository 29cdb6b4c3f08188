using System.Diagnostics;
using System.Globalization;
using TraceLab.Benchmarks;
using TraceLab.Policies;
using TraceLab.Policies.Catalog;
using TraceLab.Policies.Model;

// "replay": issue 5's replay benchmark (ReplayBenchmark.cs); its measurements run as child processes of this program.
if (args.Length > 0 && args[0] == "replay")
{
    return await ReplayBenchmark.RunAsync(args[1..]);
}

// "ingest": issue 10's ingest benchmark (IngestBenchmark.cs), likewise with child processes.
if (args.Length > 0 && args[0] == "ingest")
{
    return await IngestBenchmark.RunAsync(args[1..]);
}

// "replay-only": the replay half of the ingest benchmark alone, on a schema kept between runs (ReplayOnlyBenchmark.cs).
if (args.Length > 0 && args[0] == "replay-only")
{
    return await ReplayOnlyBenchmark.RunAsync(args[1..]);
}

// "decode-stored": the decoder alone over a schema's stored batches, in memory (StoredDecodeBenchmark.cs).
if (args.Length > 0 && args[0] == "decode-stored")
{
    return await StoredDecodeBenchmark.RunAsync(args[1..]);
}

// "replay-stored": the replay engine alone over a schema's sessions, in memory, or reading and replaying from the store
// pass after pass (StoredReplayBenchmark.cs).
if (args.Length > 0 && args[0] == "replay-stored")
{
    return await StoredReplayBenchmark.RunAsync(args[1..]);
}

if (args.Length > 0 && args[0] == IngestMeasurement.ChildMode)
{
    return await IngestMeasurement.RunChildAsync(args[1..]);
}

if (args.Length > 0 && args[0] == ReplayMeasurement.ChildMode)
{
    return await ReplayMeasurement.RunChildAsync(args[1..]);
}

// Otherwise: evaluates a synthetic trace under the whole built-in catalog on one thread and compares the rate with the target of
// issue 4: at least 1,000,000 operation x policy evaluations per second per core.
const double Target = 1_000_000;
var operationsWanted = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 2_000_000;
var rounds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 3;

Console.WriteLine($"generating {operationsWanted:N0} operations ...");
var operations = new SyntheticTrace(seed: 20260528).Generate(operationsWanted);
var policies = PolicyCatalog.BuiltIns.Select(p => p.Policy).ToArray();
var counts = new long[policies.Length, 3];

// Warm up the JIT and the shape caches on a slice, as a long replay would be warm after its first seconds.
Evaluate(operations.AsSpan(0, Math.Min(100_000, operations.Length)), policies, null);

var best = double.MaxValue;
for (var round = 0; round < rounds; round++)
{
    Array.Clear(counts);
    var cpu = Process.GetCurrentProcess().TotalProcessorTime;
    var clock = Stopwatch.StartNew();
    Evaluate(operations, policies, counts);
    clock.Stop();
    var cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
    best = Math.Min(best, clock.Elapsed.TotalSeconds);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"round {round + 1}: {clock.Elapsed.TotalSeconds:F3} s wall, {cpuSeconds:F3} s CPU"));
}

var evaluations = (long)operations.Length * policies.Length;
var rate = evaluations / best;
Console.WriteLine();
Console.WriteLine("policy                                  allowed    blocked     warned");
for (var p = 0; p < policies.Length; p++)
{
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{policies[p].Name,-36} {counts[p, 0],10} {counts[p, 1],10} {counts[p, 2],10}"));
}

Console.WriteLine();
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"operations:                        {operations.Length,15:N0}"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"policies:                          {policies.Length,15:N0}"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"evaluations:                       {evaluations,15:N0}"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"seconds (best of {rounds}):               {best,15:F3}"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"evaluations per second per core:   {rate,15:N0}"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"target:                            {Target,15:N0}"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ratio to target:                   {rate / Target,15:F2}x"));
return rate >= Target ? 0 : 1;

static void Evaluate(ReadOnlySpan<Operation> operations, IPolicy[] policies, long[,]? counts)
{
    foreach (var operation in operations)
    {
        for (var p = 0; p < policies.Length; p++)
        {
            var decision = policies[p].Evaluate(operation).Decision;
            if (counts is not null)
            {
                counts[p, (int)decision]++;
            }
        }
    }
}
