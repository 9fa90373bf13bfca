using System.Diagnostics;
using System.Globalization;
using OtpSessions.FaultHarness;
using OtpSessions.Testing;
using OtpSessions.FaultHarness.Scenarios;

// The fault harness: one run of the app (local host, Azurite on disk, fake ACS, recording Service Bus) through six
// scenarios; one line per scenario with its figures, exit code 1 when any scenario broke a promise.
// Options: --quick (the short mode: fewer journeys and corpus entries), --scenarios 1,2,3,4,5 (the secrets check,
// 6, always runs over whatever ran), --time-scale 10 (how much faster than the wall clock the app's clock runs),
// --journeys 64 (concurrent journeys), --verbose (print every problem found, not the first few).
Prerequisites.ExitIfMissingForAzurite("`./scripts/faults.sh`");
var quick = args.Contains("--quick");
var verbose = args.Contains("--verbose");
var scale = double.Parse(Option("--time-scale") ?? "10", CultureInfo.InvariantCulture);
var journeys = int.Parse(Option("--journeys") ?? "64", CultureInfo.InvariantCulture);
var chosen = (Option("--scenarios") ?? "1,2,3,4,5").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToHashSet();
var settings = new RunSettings(quick, journeys, scale);

// On a 2-core machine the thread pool's slow ramp-up would dominate a burst of 64 journeys; give it room at once.
ThreadPool.GetMinThreads(out _, out var io);
ThreadPool.SetMinThreads(Math.Max(64, Environment.ProcessorCount * 8), io);

Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"Fault harness ({(quick ? "quick" : "full")} mode): {Environment.ProcessorCount} cores, {journeys} concurrent journeys, app clock ×{scale}, Azurite on disk, local host over HTTP"));
var began = Stopwatch.GetTimestamp();
var results = new List<ScenarioResult>();
await using (var harness = await Harness.StartAsync(scale))
{
    // Scenarios 5 and 4 wait for nothing: they run at wall speed, so that codes do not expire under their load.
    var scenarios = new (int Number, double Scale, Func<Task<ScenarioResult>> Run)[]
    {
        (5, 1, () => new MalformedCorpusScenario(harness, settings).RunAsync()),
        (4, 1, () => new WrongCodesScenario(harness, settings).RunAsync()),
        (3, scale, () => new ServiceBusOutageScenario(harness, settings).RunAsync()),
        (2, scale, () => new AcsFaultScenario(harness, settings).RunAsync()),
        (1, scale, () => new AzuriteKillScenario(harness, settings).RunAsync()),
    };
    foreach (var (number, clockScale, run) in scenarios.Where(s => chosen.Contains(s.Number)))
    {
        harness.Api.Reset();
        harness.Clock.SetFactor(clockScale);
        var started = Stopwatch.GetTimestamp();
        ScenarioResult result;
        try
        {
            result = await run();
        }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException or HttpRequestException or FormatException or System.Text.Json.JsonException)
        {
            result = new ScenarioResult(number, "did not finish", 0, 0, harness.Api.Count5xx, null, "the scenario stopped", [$"{e.GetType().Name}: {e.Message}"],
                Stopwatch.GetElapsedTime(started));
        }
        results.Add(result);
        Print(result);
    }
    var secrets = await new SecretsScenario(harness, results).RunAsync();
    results.Add(secrets);
    Print(secrets);
    // The app's own log of the run (it holds no secret: scenario 6 checks that), for a look at what went wrong.
    Directory.CreateDirectory(Path.Combine(OtpSessions.Testing.RepositoryRoot.Path, ".artifacts"));
    var log = Path.Combine(OtpSessions.Testing.RepositoryRoot.Path, ".artifacts", "fault-harness.log");
    await File.WriteAllLinesAsync(log, harness.Logs.Lines);
    Console.WriteLine($"app log of the run: {log}");
}
var failed = results.Count(r => !r.Passed);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"{results.Count - failed} scenarios passed, {failed} failed ({Stopwatch.GetElapsedTime(began).TotalSeconds:F0} s)"));
return failed == 0 ? 0 : 1;

void Print(ScenarioResult result)
{
    Console.WriteLine(result.Line());
    foreach (var problem in verbose ? result.Problems : result.Problems.Take(8))
    {
        Console.WriteLine("     ! " + problem);
    }
    if (!verbose && result.Problems.Count > 8)
    {
        Console.WriteLine($"     ! … and {result.Problems.Count - 8} more (--verbose lists them all)");
    }
}

string? Option(string name)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}

namespace OtpSessions.FaultHarness
{
    /// <param name="Quick">The short mode: fewer journeys per worker and a smaller corpus.</param>
    /// <param name="Journeys">How many journeys run at once.</param>
    /// <param name="TimeScale">The app's clock runs this much faster than the wall clock.</param>
    public sealed record RunSettings(bool Quick, int Journeys, double TimeScale);
}
