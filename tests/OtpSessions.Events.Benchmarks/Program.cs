using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Azure.Messaging.ServiceBus;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OtpSessions.Core.Events;
using OtpSessions.Core.Sessions;
using OtpSessions.LocalHost;
using OtpSessions.Testing;

// State change → event at the sender. Each writer commits state changes through the app's session store (one outbox
// row each, one entity-group transaction, as the APIs do); the app publishes each commit's events right after it (the
// sweep timer catches what that misses). Latency = sender received − commit started. Bounded: writers × changes state changes.
// Options: --profiles 16x250,64x250,64x0 (writers x pause in ms between a writer's changes; 0 = as fast as it can),
// --changes 40 (per writer), --sessions-per-writer 4.
Prerequisites.ExitIfMissingForAzurite("`dotnet run -c Release --project tests/OtpSessions.Events.Benchmarks`");
var profiles = (Option("--profiles") ?? "16x250,64x250,64x0").Split(',')
    .Select(p => p.Split('x') is [var w, var ms] ? (Writers: int.Parse(w, CultureInfo.InvariantCulture), IntervalMs: int.Parse(ms, CultureInfo.InvariantCulture))
        : throw new ArgumentException($"--profiles: '{p}' is not WRITERSxMS"))
    .ToList();
var changes = int.Parse(Option("--changes") ?? "40", CultureInfo.InvariantCulture);
var sessionsPerWriter = int.Parse(Option("--sessions-per-writer") ?? "4", CultureInfo.InvariantCulture);

await using var azurite = new Azurite();
await azurite.InitializeAsync();
var sender = new RecordingSender();
await using var app = LocalFunctionsHost.Build(
    [
        $"--LocalHost:Settings={Path.Combine(RepositoryRoot.Path, "local.settings.sample.json")}",
        $"--AzureWebJobsStorage={azurite.ConnectionString}",
        "--environment=Development", // the sample keys and development agent tokens are refused elsewhere
        "--port=0",
    ],
    configure: builder =>
    {
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddSingleton<ServiceBusClient>(new RecordingServiceBusClient(sender));
    });
await app.StartAsync();
var store = app.Services.GetRequiredService<ISessionStore>();
var clock = TimeProvider.System;

Console.WriteLine($"Event latency: state change committed → event at the Service Bus sender ({Environment.ProcessorCount} cores, in-memory Azurite, local host)");
Console.WriteLine($"{"load",-22} {"events",7} {"events/s",9} {"p50 ms",8} {"p95 ms",8} {"p99 ms",8} {"max ms",8} {"lost",5} {"order",6} {"commit p50",11}");
foreach (var (writers, intervalMs) in profiles)
{
    var committed = new ConcurrentDictionary<string, (string SessionId, long At)>();
    var commitMs = new ConcurrentBag<double>();
    sender.Received.Clear();
    var started = Stopwatch.GetTimestamp();
    await Task.WhenAll(Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
    {
        var sessions = Enumerable.Range(0, sessionsPerWriter).Select(_ => "s_" + Guid.NewGuid().ToString("N")).ToArray();
        var random = new Random(w);
        for (var i = 0; i < changes; i++)
        {
            var sessionId = sessions[random.Next(sessions.Length)];
            var now = clock.GetUtcNow();
            var change = new SessionChange(sessionId, now.AddDays(30))
                .Emit(EventTypes.OtpRequested, now, new { sessionId, participantId = "p_1", mode = "auto", reference = "bench" });
            var e = change.Events[0];
            var before = Stopwatch.GetTimestamp();
            // The id is known before the commit: the background publish may reach the sender before CommitAsync returns.
            committed[e.EventId] = (sessionId, before);
            await store.CommitAsync(change, CancellationToken.None);
            commitMs.Add(Stopwatch.GetElapsedTime(before).TotalMilliseconds);
            if (intervalMs > 0)
            {
                await Task.Delay(intervalMs);
            }
        }
    })));
    var total = writers * changes;
    var deadline = Stopwatch.GetTimestamp() + Stopwatch.Frequency * 120;
    while (sender.Received.Count < total && Stopwatch.GetTimestamp() < deadline)
    {
        await Task.Delay(50);
    }
    var elapsed = Stopwatch.GetElapsedTime(started).TotalSeconds;
    var received = sender.Received.ToList();
    var latencies = received
        .Where(r => committed.ContainsKey(r.MessageId))
        .GroupBy(r => r.MessageId).Select(g => g.First())
        .Select(r => Stopwatch.GetElapsedTime(committed[r.MessageId].At, r.At).TotalMilliseconds)
        .Order().ToArray();
    var lost = committed.Keys.Except(received.Select(r => r.MessageId)).Count();
    var inOrder = received.GroupBy(r => r.SessionId)
        .All(g => g.Select(r => r.MessageId).Distinct().SequenceEqual(g.Select(r => r.MessageId).Distinct().Order(StringComparer.Ordinal)));
    var load = intervalMs > 0 ? $"{writers} writers, {intervalMs} ms" : $"{writers} writers, max";
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{load,-22} {latencies.Length,7} {latencies.Length / elapsed,9:0} {P(latencies, 50),8:0.0} {P(latencies, 95),8:0.0} {P(latencies, 99),8:0.0} {latencies.LastOrDefault(),8:0.0} {lost,5} {(inOrder ? "ok" : "BROKEN"),6} {P(commitMs.Order().ToArray(), 50),11:0.0}"));
}
await app.StopAsync();
return 0;

static double P(double[] sorted, int percentile) =>
    sorted.Length == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(percentile / 100.0 * sorted.Length) - 1, 0, sorted.Length - 1)];

string? Option(string name)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}
