using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using OtpSessions.Core.Budgets;
using OtpSessions.Core.Common;
using OtpSessions.Core.Deliveries;
using OtpSessions.Core.Events;
using OtpSessions.Core.Insights;
using OtpSessions.Core.Join;
using OtpSessions.Core.Otp;
using OtpSessions.Core.Sessions;

namespace OtpSessions.Testing;

/// <summary>
/// Writes the events of scripted journeys as the application writes them (<see cref="SessionChange.Emit"/>, the real
/// event data types), each with its session's owner, as the session store's commits hand them to the feed.
/// </summary>
public sealed class InsightsScript(string? team, string agentId, DateTimeOffset start)
{
    private readonly string _sessionId = "ses_" + Guid.NewGuid().ToString("N");
    private readonly List<InsightsEvent> _events = [];

    public string SessionId => _sessionId;

    public IReadOnlyList<InsightsEvent> Events => _events;

    public static InsightsProjector Projector(IInsightsStore store, InsightsFeed? feed = null) =>
        new(store, feed ?? Feed(), Options.Create(new InsightsOptions()), NullLogger<InsightsProjector>.Instance);

    public static InsightsFeed Feed() => new(Options.Create(new InsightsOptions()), NullLogger<InsightsFeed>.Instance);

    public static ParticipantData Participant(string id, Contact invite, Contact? otp = null) =>
        new(id, ParticipantRole.Primary, ContactData.Of(invite)!, ContactData.Of(otp), otp is null ? OtpMode.Manual : OtpMode.Auto);

    public static Contact Sms(string phone) => new(Channel.Sms, phone);

    public static Contact Email(string address) => new(Channel.Email, address);

    public InsightsScript Started(params ParticipantData[] participants) =>
        Emit(EventTypes.SessionStarted, TimeSpan.Zero, new SessionStartedData(_sessionId, agentId, team, null, participants));

    public InsightsScript InvitationSent(ParticipantData p, TimeSpan at, int attempt = 1) =>
        Emit(EventTypes.InvitationSent, at, new InvitationData(_sessionId, null, p.ParticipantId, p.Role, p.Invite, attempt));

    public InsightsScript InvitationFailed(ParticipantData p, TimeSpan at, int attempt = 1) =>
        Emit(EventTypes.InvitationFailed, at, new InvitationData(_sessionId, null, p.ParticipantId, p.Role, p.Invite, attempt, "undelivered"));

    public InsightsScript Opened(ParticipantData p, TimeSpan at) =>
        Emit(EventTypes.ParticipantOpened, at, new ParticipantOpenedData(_sessionId, null, p.ParticipantId, p.Role));

    public InsightsScript OtpRequested(ParticipantData p, TimeSpan at, string codeId = "code1") =>
        Emit(EventTypes.OtpRequested, at, new OtpRequestedData(_sessionId, null, p.ParticipantId, p.Role, p.OtpMode, p.Otp, codeId, start + at + TimeSpan.FromMinutes(10), p.Otp is not null));

    public InsightsScript OtpSent(ParticipantData p, TimeSpan at, string codeId = "code1", int send = 1) =>
        Emit(EventTypes.OtpSent, at, new OtpSentData(_sessionId, null, p.ParticipantId, p.Role, p.Otp!, codeId, send));

    public InsightsScript OtpFailed(ParticipantData p, TimeSpan at, string codeId = "code1") =>
        Emit(EventTypes.OtpDeliveryFailed, at, new OtpDeliveryFailedData(_sessionId, null, p.ParticipantId, p.Role, p.Otp, codeId, "undelivered"));

    /// <summary>The provider reported the invitation delivered: no event, the audit entry its commit stores (<see cref="InsightsRules.FromAudit"/>).</summary>
    public InsightsScript InvitationDelivered(ParticipantData p, TimeSpan at, int attempt = 1) =>
        Report(AuditActions.InvitationDelivered, p, at, new DeliveryAuditData(p.ParticipantId, p.Invite, attempt, null, "msg-i-" + p.ParticipantId));

    /// <summary>The provider reported a code's send delivered (the audit entry, as for an invitation).</summary>
    public InsightsScript OtpDelivered(ParticipantData p, TimeSpan at, string codeId = "code1", int send = 1) =>
        Report(AuditActions.OtpDelivered, p, at, new DeliveryAuditData(p.ParticipantId, p.Otp!, send, codeId, "msg-c-" + p.ParticipantId));

    public InsightsScript Authenticated(ParticipantData p, TimeSpan at) =>
        Emit(EventTypes.ParticipantAuthenticated, at, new ParticipantAuthenticatedData(_sessionId, null, p.ParticipantId, p.Role, EntryMethod.Otp));

    public InsightsScript Locked(ParticipantData p, TimeSpan at, int lockouts, bool banned = false) =>
        Emit(EventTypes.ParticipantLocked, at, new ParticipantLockedData(_sessionId, null, p.ParticipantId, p.Role, start + at + TimeSpan.FromMinutes(15), banned, lockouts));

    /// <summary>A <c>participant.reported</c> (a recipient of its invitation said "not me").</summary>
    public InsightsScript Reported(ParticipantData p, TimeSpan at) =>
        Emit(EventTypes.ParticipantReported, at, new ParticipantReportedData(_sessionId, null, p.ParticipantId, p.Role, p.Invite.Channel));

    /// <summary>A team's <c>sends.budget_exceeded</c> (a team event: no session, its own stream).</summary>
    public static InsightsEvent BudgetExceeded(string team, DateTimeOffset time, string? agentId = null) =>
        new(new SessionChange(EventSubjects.TeamPartition(team), time.AddDays(1))
            .Emit(EventTypes.SendsBudgetExceeded, time, new SendBudgetEventData(agentId is null ? SendBudgetScope.Team : SendBudgetScope.Agent, team, agentId, 100, time, time.AddDays(1)))
            .Events[0], null, null);

    /// <summary>
    /// <paramref name="journeys"/> journeys of <paramref name="team"/> at once (8 agents; SMS link, email code, authenticated),
    /// each step of each journey served by another of <paramref name="instances"/> app instances (a feed and a projector
    /// each, on one store), the instances' projectors running concurrently until every event is applied. Answers how many
    /// rounds the projectors ran.
    /// </summary>
    public static async Task<int> RunConcurrentJourneysAsync(IInsightsStore store, string team, int journeys, int instances, DateTimeOffset start)
    {
        var feeds = Enumerable.Range(0, instances).Select(_ => Feed()).ToArray();
        var projectors = feeds.Select(f => Projector(store, f)).ToArray();
        var done = 0;
        var running = Enumerable.Range(0, journeys).Select(i => Task.Run(async () =>
        {
            var p = Participant("p" + i, Sms("+4477009" + (10000 + i)), Email($"c{i}@example.com"));
            var script = new InsightsScript(team, "agent-" + (i % 8), start.AddSeconds(i)).Started(p)
                .InvitationSent(p, TimeSpan.FromSeconds(1)).Opened(p, TimeSpan.FromSeconds(20)).OtpRequested(p, TimeSpan.FromSeconds(21))
                .OtpSent(p, TimeSpan.FromSeconds(22)).Authenticated(p, TimeSpan.FromSeconds(60));
            foreach (var (e, step) in script.Events.Select((e, step) => (e, step)))
            {
                feeds[(i + step) % instances].Add([e]);
                await Task.Yield();
            }
            Interlocked.Increment(ref done);
        })).ToList();
        var rounds = 0;
        while (Volatile.Read(ref done) < journeys || feeds.Any(f => f.Count > 0))
        {
            await Task.WhenAll(projectors.Select(p => p.ProjectPendingAsync(CancellationToken.None)));
            rounds++;
        }
        await Task.WhenAll(running);
        await Task.WhenAll(projectors.Select(p => p.ProjectPendingAsync(CancellationToken.None)));
        return rounds;
    }

    private InsightsScript Report(string action, ParticipantData p, TimeSpan at, object data)
    {
        var change = new SessionChange(_sessionId, start.AddDays(30)).Record(action, AuditActions.DeliveryActor, start + at, p.ParticipantId, data);
        _events.Add(new InsightsEvent(InsightsRules.FromAudit(_sessionId, change.Audit[0]), team, agentId));
        return this;
    }

    private InsightsScript Emit(string type, TimeSpan at, object data)
    {
        var change = new SessionChange(_sessionId, start.AddDays(30)).Emit(type, start + at, data);
        _events.Add(new InsightsEvent(change.Events[0], team, agentId));
        return this;
    }
}
