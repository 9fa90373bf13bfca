using System.Globalization;
using Azure.Core;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using OtpSessions.Core.Auth;
using OtpSessions.Core.Common;
using OtpSessions.Core.Events;
using OtpSessions.Core.Insights;
using OtpSessions.Core.Otp;
using OtpSessions.Core.Sessions;
using OtpSessions.Infrastructure.Insights;
using OtpSessions.Infrastructure.Storage;
using OtpSessions.Testing;

namespace OtpSessions.Benchmarks;

/// <summary>
/// The insights projection's storage cost (scenario <c>insights</c>), the projector and the Table store on a real
/// in-memory Azurite (no HTTP: what is measured is the projection's own requests, counted by an Azure SDK pipeline
/// policy on its table client):
/// <list type="number">
/// <item>projection: <c>journeys</c> journeys of one team (8 agents) at once, each invited (one participant, SMS link,
/// email code), opening the link, reaching the code page, getting the code and authenticating — six events each, as the
/// commits hand them to the feed. The projector runs once per stage (every journey moves a stage between two runs:
/// the worst case for batching, a journey is touched by six runs), for <c>rounds</c> rounds. Figure: requests per
/// authenticated participant, and how many writes lost a race (one projector: none);</item>
/// <item>answers: <c>GET /api/insights</c>'s service for a supervisor (team) and an agent, over 7 and 92 days, after
/// the projection holds 92 days of figures. Figure: requests per answer.</item>
/// </list>
/// </summary>
internal static class InsightsBenchmark
{
    private const string Team = "bench";

    public static async Task<int> RunAsync(string[] args)
    {
        var journeys = Option(args, "--journeys", 64);
        var rounds = Option(args, "--rounds", 4);
        Console.WriteLine($"Insights projection and answer (scenario insights): {Environment.ProcessorCount} cores, in-memory Azurite, projector and Table store in process");
        await using var azurite = new Azurite();
        await azurite.InitializeAsync();
        var counter = new StorageRequestCounter();
        var options = new TableClientOptions();
        options.AddPolicy(counter, HttpPipelinePosition.PerRetry);
        var tables = azurite.Tables(options);
        await tables.CreateTableIfNotExistsAsync(TableNames.Insights);
        var store = new TableInsightsStore(tables);
        var feed = new InsightsFeed(Options.Create(new InsightsOptions()), NullLogger<InsightsFeed>.Instance);
        var projector = new InsightsProjector(store, feed, Options.Create(new InsightsOptions()), NullLogger<InsightsProjector>.Instance);
        var start = new DateTimeOffset(2030, 3, 4, 9, 0, 0, TimeSpan.Zero);

        // 1. Projection: requests per authenticated participant.
        counter.Reset();
        var participants = 0;
        for (var round = 0; round < rounds; round++)
        {
            var stages = Enumerable.Range(0, journeys).Select(i => Journey(start.AddMinutes(round * 10).AddSeconds(i), "agent-" + (i % 8))).ToList();
            for (var stage = 0; stage < 6; stage++)
            {
                feed.Add(stages.Select(s => s[stage]));
                await projector.ProjectPendingAsync(CancellationToken.None);
            }
            participants += journeys;
        }
        var projection = counter.Snapshot();
        var projectionTotal = counter.Total;
        var supervisor = new AgentPrincipal("sup", Team, [AgentPrincipal.SupervisorRole]);
        var service = new InsightsService(store, new FixedClock(start.AddHours(12)));
        var check = (await service.GetAsync(supervisor, "2030-03-04", "2030-03-04", CancellationToken.None)).Value!;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"projection: {participants} participants authenticated ({journeys} at once × {rounds} rounds, 6 projector runs per round): {projectionTotal} storage requests = {(double)projectionTotal / participants:F2} per authenticated participant; counted {check.Funnel.Authenticated} authenticated"));
        foreach (var (kind, count) in projection)
        {
            Console.WriteLine($"    {kind,-40} {count,8}");
        }

        // 2. Answers: one day of figures on each of 92 days first, then the answers counted one by one.
        for (var day = 1; day < 92; day++)
        {
            feed.Add(Journey(start.AddDays(-day), "agent-" + (day % 8)));
        }
        await projector.ProjectPendingAsync(CancellationToken.None);
        var agent = new AgentPrincipal("agent-3", Team, [AgentPrincipal.AgentRole]);
        foreach (var (who, name) in new[] { (supervisor, "supervisor (team)"), (agent, "agent (own)") })
        {
            foreach (var days in new[] { 7, 92 })
            {
                counter.Reset();
                var answer = (await service.GetAsync(who, start.AddDays(1 - days).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                    start.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), CancellationToken.None)).Value!;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"answer: {name,-18} {days,3} days: {counter.Total} storage request(s) ({string.Join(", ", counter.Snapshot().Select(k => $"{k.Key} {k.Value}"))}); invited {answer.Funnel.Invited}"));
            }
        }
        return 0;
    }

    /// <summary>One participant's six events, in the order they happen, with its session's owner.</summary>
    private static List<InsightsEvent> Journey(DateTimeOffset at, string agentId)
    {
        var sessionId = "ses_" + Guid.NewGuid().ToString("N");
        var participant = new ParticipantData("p1", ParticipantRole.Primary, new ContactData(Channel.Sms, "+1******0100"),
            new ContactData(Channel.Email, "d***@example.com"), OtpMode.Auto);
        var events = new (string Type, object Data)[]
        {
            (EventTypes.SessionStarted, new SessionStartedData(sessionId, agentId, Team, null, [participant])),
            (EventTypes.InvitationSent, new InvitationData(sessionId, null, "p1", ParticipantRole.Primary, participant.Invite, 1)),
            (EventTypes.ParticipantOpened, new { sessionId, participantId = "p1", role = "primary" }),
            (EventTypes.OtpRequested, new { sessionId, participantId = "p1", role = "primary", codeId = "c1" }),
            (EventTypes.OtpSent, new { sessionId, participantId = "p1", role = "primary", to = participant.Otp, codeId = "c1", send = 1 }),
            (EventTypes.ParticipantAuthenticated, new { sessionId, participantId = "p1", role = "primary" }),
        };
        return [.. events.Select((e, i) => new InsightsEvent(
            new SessionChange(sessionId, at.AddDays(30)).Emit(e.Type, at.AddSeconds(i * 10), e.Data).Events[0], Team, agentId))];
    }

    private static int Option(string[] args, string name, int fallback)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : fallback;
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
