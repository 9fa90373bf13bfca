using static OtpSessions.Benchmarks.BenchmarkSupport;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Azure.Core;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using OtpSessions.Benchmarks;
using OtpSessions.Core.Messaging;
using OtpSessions.Infrastructure.Storage;
using OtpSessions.LocalHost;
using OtpSessions.Testing;

// POST /api/sessions under load: `agents` agents start sessions concurrently, each `starts` times in a row (bounded),
// after `warmup` starts that are not measured. Each start invites a primary (email invite, SMS OTP) and a cosigner
// (SMS invite, email OTP). Latency is measured at the HTTP client; storage requests are counted per kind by a
// pipeline policy on the app's Table and Queue clients, counting only requests made while serving POST /api/sessions.
Prerequisites.ExitIfMissingForAzurite("`dotnet run -c Release --project tests/OtpSessions.Benchmarks -- <sessions|otp|insights>`");
if (args.FirstOrDefault() == "otp")
{
    return await OtpBenchmark.RunAsync(args);
}
if (args.FirstOrDefault() == "insights")
{
    return await InsightsBenchmark.RunAsync(args);
}
if (args.FirstOrDefault() != "sessions")
{
    Console.Error.WriteLine("usage: dotnet run -c Release --project tests/OtpSessions.Benchmarks -- sessions [--agents 16] [--starts 50] [--warmup 32]");
    Console.Error.WriteLine("       dotnet run -c Release --project tests/OtpSessions.Benchmarks -- otp [--customers 64] [--rounds 4] [--warmup 16] [--min-threads 0] [--before 41.5]");
    Console.Error.WriteLine("       dotnet run -c Release --project tests/OtpSessions.Benchmarks -- insights [--journeys 64] [--rounds 4]");
    return 2;
}
var agents = int.Parse(Option("--agents") ?? "16", CultureInfo.InvariantCulture);
var starts = int.Parse(Option("--starts") ?? "50", CultureInfo.InvariantCulture);
var warmup = int.Parse(Option("--warmup") ?? "32", CultureInfo.InvariantCulture);

IHttpContextAccessor? http = null;
var counter = new StorageRequestCounter(() => http?.HttpContext is { } c && c.Request.Method == "POST" && c.Request.Path == "/api/sessions");
var tableOptions = new TableClientOptions();
tableOptions.AddPolicy(counter, HttpPipelinePosition.PerRetry);
var queueOptions = new QueueClientOptions();
queueOptions.AddPolicy(counter, HttpPipelinePosition.PerRetry);

var settings = LocalSample();
Console.WriteLine($"Session start: POST /api/sessions, 2 participants each ({Environment.ProcessorCount} cores, in-memory Azurite, local host over HTTP, senders accept at once)");
Console.WriteLine($"{"scenario",-48} {"agents",6} {"starts",7} {"starts/s",9} {"p50 ms",8} {"p90 ms",8} {"p99 ms",8} {"max ms",8} {"storage req/start",18}");
var breakdowns = new List<(string Scenario, IReadOnlyDictionary<string, long> Counts, int Starts)>();
// First with the queue and timer functions paused (the start path alone: in Azure they run on other instances against
// a storage account that is not one Node process), then the whole app as it runs locally.
foreach (var background in new[] { false, true })
{
    // A fresh Azurite per phase, so that no backlog of one phase loads the next.
    await using var azurite = new Azurite();
    await azurite.InitializeAsync();
    await using var app = BuildApp(background, azurite.ConnectionString);
    await app.StartAsync();
    http = app.Services.GetRequiredService<IHttpContextAccessor>();
    using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256 }) { BaseAddress = new Uri(app.Urls.Single()) };
    foreach (var withKey in new[] { false, true })
    {
        var scenario = (withKey ? "Idempotency-Key" : "no key") + (background ? ", queue/timer functions running" : ", queue/timer functions paused");
        await RunAsync(client, warmup, Math.Min(agents, warmup), withKey);
        counter.Reset();
        var began = Stopwatch.GetTimestamp();
        var latencies = await RunAsync(client, starts * agents, agents, withKey);
        var elapsed = Stopwatch.GetElapsedTime(began);
        latencies.Sort();
        breakdowns.Add((scenario, counter.Snapshot(), latencies.Count));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{scenario,-48} {agents,6} {latencies.Count,7} {latencies.Count / elapsed.TotalSeconds,9:F0} {Percentile(latencies, 0.50),8:F1} {Percentile(latencies, 0.90),8:F1} {Percentile(latencies, 0.99),8:F1} {latencies[^1],8:F1} {(double)counter.Total / latencies.Count,18:F2}"));
    }
    await app.StopAsync();
}
foreach (var (scenario, counts, count) in breakdowns.Where(b => b.Scenario.EndsWith("paused", StringComparison.Ordinal)))
{
    Console.WriteLine();
    Console.WriteLine($"Storage requests per start, {scenario}:");
    foreach (var (kind, n) in counts.Where(c => c.Value > 0).OrderByDescending(c => c.Value))
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {(double)n / count,6:F2}  {kind}"));
    }
}
return 0;

Microsoft.AspNetCore.Builder.WebApplication BuildApp(bool background, string connectionString) => LocalFunctionsHost.Build(
    [
        $"--LocalHost:Settings={Path.Combine(RepositoryRoot.Path, "local.settings.sample.json")}",
        $"--AzureWebJobsStorage={connectionString}",
        "--environment=Development", // the sample keys and development agent tokens are refused elsewhere
        "--port=0",
    ],
    configure: builder =>
    {
        // Warnings only: host.json's levels would print a line per call, and console output costs the run time.
        builder.Logging.AddFilter<ConsoleLoggerProvider>(null, LogLevel.Warning);
        builder.Services.AddHttpContextAccessor();
        builder.Services.RemoveAll<TableServiceClient>();
        var storage = new StorageOptions { ConnectionString = connectionString };
        builder.Services.AddSingleton(StorageClients.CreateTableService(storage, tableOptions));
        builder.Services.RemoveAll<QueueServiceClient>();
        builder.Services.AddSingleton(StorageClients.CreateQueueService(storage, queueOptions));
        builder.Services.RemoveAll<ISmsSender>();
        builder.Services.RemoveAll<IEmailSender>();
        builder.Services.AddSingleton<AcceptingSender>();
        builder.Services.AddSingleton<ISmsSender>(sp => sp.GetRequiredService<AcceptingSender>());
        builder.Services.AddSingleton<IEmailSender>(sp => sp.GetRequiredService<AcceptingSender>());
        if (!background)
        {
            // The local host adds one hosted service per queue/timer function, each made by a factory (the app's own
            // hosted services are registered by type): leaving those out pauses the background functions.
            foreach (var listener in builder.Services.Where(d => d.ServiceType == typeof(IHostedService) && d.ImplementationFactory is not null).ToList())
            {
                builder.Services.Remove(listener);
            }
        }
    });

async Task<List<double>> RunAsync(HttpClient client, int total, int concurrency, bool withKey)
{
    var perAgent = total / concurrency;
    var results = await Task.WhenAll(Enumerable.Range(0, concurrency).Select(a => Task.Run(async () =>
    {
        var token = AgentToken($"bench-agent-{a}", settings);
        var latencies = new List<double>(perAgent);
        for (var i = 0; i < perAgent; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/sessions") { Content = JsonContent.Create(Body(a, i)) };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            if (withKey)
            {
                request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
            }
            var before = Stopwatch.GetTimestamp();
            using var response = await client.SendAsync(request);
            var ms = Stopwatch.GetElapsedTime(before).TotalMilliseconds;
            if (response.StatusCode != HttpStatusCode.Created)
            {
                throw new InvalidOperationException($"POST /api/sessions answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            }
            latencies.Add(ms);
        }
        return latencies;
    })));
    return [.. results.SelectMany(r => r)];
}

static object Body(int agent, int i) => new
{
    participants = new object[]
    {
        new { role = "primary", name = "Dana Cole", invite = new { channel = "email", address = $"dana.{agent}.{i}@example.com" },
            otp = new { channel = "sms", address = "+14155550100" } },
        new { role = "cosigner", name = "Lee Cole", invite = new { channel = "sms", address = "+14155550101" },
            otp = new { channel = "email", address = $"lee.{agent}.{i}@example.com" } },
    },
    reference = $"bench-{agent}-{i}",
};




string? Option(string name)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}
