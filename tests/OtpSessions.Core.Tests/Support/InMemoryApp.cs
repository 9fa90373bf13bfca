using OtpSessions.Core.Agents;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using OtpSessions.Core.Auth;
using OtpSessions.Core.Budgets;
using OtpSessions.Core.Join;
using OtpSessions.Core.Otp;
using OtpSessions.Core.Policy;
using OtpSessions.Core.Sessions;
using OtpSessions.Testing;
using OtpSessions.Testing.InMemory;

namespace OtpSessions.Core.Tests.Support;

/// <summary>
/// The session services on the in-memory ports (no I/O), with a <see cref="FakeTimeProvider"/>: the application rules
/// tested fast. The ports hold to the Table stores' semantics through the store contract
/// (<see cref="Testing.SessionStoreContract"/>); what is about storage itself is tested on Azurite in Infrastructure.Tests.
/// </summary>
public sealed class InMemoryApp
{
    public static readonly string MasterKey = Convert.ToBase64String(Enumerable.Range(0, 32).Select(i => (byte)(i * 7)).ToArray());

    public InMemoryApp(OtpPolicy? policy = null, bool smsConfigured = true, SendBudgetOptions? budgets = null)
    {
        Keyring = new OtpMasterKey(Options.Create(new OtpKeyOptions { EncryptionKey = MasterKey }));
        Sessions = new InMemorySessionStore(Time);
        Idempotency = new InMemoryIdempotencyStore(Time);
        Index = new InMemorySessionIndex(Time);
        ReportLinks = new InMemoryReportLinkIndex(Time);
        Policies = new InMemoryTeamPolicyStore();
        BudgetStore = new InMemorySendBudgetStore();
        TokenFactory = TokenFactory.FromMasterKey(Keyring);
        Budgets = new SendBudgets(BudgetStore, Sessions, Keyring, Options.Create(budgets ?? RoomyBudgets()), Time);
        Service = new SessionService(Sessions, Idempotency, Index, ReportLinks,
            new EffectivePolicyProvider(Options.Create(policy ?? new OtpPolicy()), Policies), TokenFactory,
            new ChannelAvailability(Sms: smsConfigured), Budgets, Time);
    }

    /// <summary>Budgets no test reaches unless it means to.</summary>
    public static SendBudgetOptions RoomyBudgets() =>
        new() { PerAddressPerDay = 10_000, PerAgentPerHour = 1_000_000, PerTeamPerDay = 100_000_000, AppPerDay = 1_000_000_000 };

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2030, 3, 4, 9, 0, 0, TimeSpan.Zero));

    public OtpMasterKey Keyring { get; }

    public InMemorySessionStore Sessions { get; }

    public InMemoryIdempotencyStore Idempotency { get; }

    public InMemorySessionIndex Index { get; }

    /// <summary>The "not me" links the services indexed.</summary>
    public InMemoryReportLinkIndex ReportLinks { get; }

    public InMemoryTeamPolicyStore Policies { get; }

    public InMemorySendBudgetStore BudgetStore { get; }

    public SendBudgets Budgets { get; }

    public TokenFactory TokenFactory { get; }

    public SessionService Service { get; }

    /// <summary>Sets a team's overrides as the admin endpoint does (<see cref="SessionRecords.SetTeamPolicyAsync"/>).</summary>
    public Task SetTeamPolicyAsync(string team, PolicyOverrides overrides) => Policies.SetTeamPolicyAsync(team, overrides);

    public static AgentPrincipal Agent(string? id = null, string? team = "retail", params string[] roles) => SessionRecords.Agent(id, team, roles);

    public static StartSessionInput TwoParticipants(string reference = "loan-8812") => SessionRecords.TwoParticipants(reference);

    public async Task<SessionView> StartAsync(AgentPrincipal agent, StartSessionInput? input = null, string? key = null)
    {
        var outcome = await Service.StartAsync(agent, input ?? TwoParticipants(), key, CancellationToken.None);
        Assert.True(outcome.IsSuccess, outcome.Failure?.Detail);
        return outcome.Value!;
    }

    /// <summary>The invitation messages the commits so far promised (and not yet drained), removed as the relay would.</summary>
    public Task<List<DeliveryMessage>> DrainInvitationsAsync() =>
        Task.FromResult<List<DeliveryMessage>>([.. Sessions.TakeWork(QueueNames.Invitations)
            .Select(w => JsonSerializer.Deserialize<DeliveryMessage>(w.MessageJson, SessionJson.Options)!)]);

    public Task<ParticipantSnapshot> ParticipantAsync(string sessionId, string participantId) => Sessions.ParticipantAsync(sessionId, participantId);

    public string InviteTokenOf(Participant participant) => TokenFactory.InviteToken(participant);

    /// <summary>What a customer token is worth now (<see cref="SessionRecords.CheckAsync"/>).</summary>
    public Task<LinkCheck> CheckAsync(string token, TokenKind kind = TokenKind.Invite) => Sessions.CheckAsync(TokenFactory, token, kind, Time.GetUtcNow());
}
