using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Moq;
using OtpSessions.Core;
using OtpSessions.Core.Agents;
using OtpSessions.Core.Auth;
using OtpSessions.Core.Budgets;
using OtpSessions.Core.Common;
using OtpSessions.Core.Deliveries;
using OtpSessions.Core.Events;
using OtpSessions.Core.Insights;
using OtpSessions.Core.Join;
using OtpSessions.Core.Messaging;
using OtpSessions.Core.Otp;
using OtpSessions.Core.Policy;
using OtpSessions.Core.Sessions;
using OtpSessions.Infrastructure.Budgets;
using OtpSessions.Infrastructure.Events;
using OtpSessions.Infrastructure.Policy;
using OtpSessions.Infrastructure.Sessions;
using OtpSessions.Testing;

namespace OtpSessions.Infrastructure.Tests;

/// <summary>
/// The session services wired to the real adapters on Azurite, with a <see cref="FakeTimeProvider"/> and Moq senders
/// (accepting by default). Queue reads are for assertions only.
/// </summary>
public sealed class SessionTestApp
{
    public const string BaseUrl = "https://web.example";

    /// <param name="queue">Replaces the real queues behind the relay (fault tests).</param>
    /// <param name="keys">The keyring (default: <see cref="MasterKey"/> alone).</param>
    /// <param name="publisher">The event broker (default: none, events stay in the outbox).</param>
    /// <param name="budgets">
    /// The send budgets (default: <see cref="RoomyBudgets"/> — the tests of this project share one Azurite and one fake day,
    /// and send to the same few addresses many times; the budget tests pass their own).
    /// </param>
    public SessionTestApp(StorageFixture storage, OtpPolicy? policy = null, bool smsConfigured = true,
        IWorkQueue? queue = null, OtpKeyOptions? keys = null, IEventPublisher? publisher = null,
        SendBudgetOptions? budgets = null)
    {
        Keyring = new OtpMasterKey(Options.Create(keys ?? new OtpKeyOptions { EncryptionKey = MasterKey }));
        Storage = storage;
        Done = new DoneRows(Time);
        Rows = new TableSessionStore(storage.Tables, Time);
        Relay = new PendingWorkRelay(new TablePendingWorkStore(storage.Tables, Rows), queue ?? new StorageWorkQueue(storage.Queues),
            Done, Time, NullLogger<PendingWorkRelay>.Instance);
        Outbox = new OutboxDispatcher(new TableOutboxStore(storage.Tables), publisher ?? new DisabledEventPublisher(), Done, Time,
            Options.Create(new EventsOptions()), NullLogger<OutboxDispatcher>.Instance);
        InsightsFeed = new InsightsFeed(Options.Create(new InsightsOptions()), NullLogger<InsightsFeed>.Instance);
        Sessions = new RelayingSessionStore(Rows, Relay, Outbox, Done, InsightsFeed, NullLogger<RelayingSessionStore>.Instance);
        Idempotency = new TableIdempotencyStore(storage.Tables, Time);
        Deliveries = new TableSentMessageStore(storage.Tables, Time);
        Policies = new TableTeamPolicyStore(storage.Tables, Time, NullLogger<TableTeamPolicyStore>.Instance);
        TokenFactory = TokenFactory.FromMasterKey(Keyring);
        Index = new TableSessionIndex(storage.Tables, Time);
        ReportLinks = new TableReportLinkIndex(storage.Tables, Time);
        BudgetStore = new TableSendBudgetStore(storage.Tables);
        Budgets = new SendBudgets(BudgetStore, Sessions, Keyring, Options.Create(budgets ?? RoomyBudgets()), Time);
        Service = new SessionService(Sessions, Idempotency, Index, ReportLinks,
            new EffectivePolicyProvider(Options.Create(policy ?? new OtpPolicy()), Policies), TokenFactory,
            new ChannelAvailability(Sms: smsConfigured), Budgets, Time);
        Sms.Setup(s => s.SendAsync(It.IsAny<SmsMessage>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((SmsMessage m, CancellationToken _) => SendResult.Success("sms-" + Guid.NewGuid()));
        Email.Setup(s => s.SendAsync(It.IsAny<EmailMessage>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((EmailMessage m, CancellationToken _) => SendResult.Success("email-" + Guid.NewGuid()));
        Sender = new DeliverySender(Sms.Object, Email.Object, Deliveries);
        Protector = new AesGcmCodeProtector(Keyring);
        var kinds = new DeliveryKinds([
            new InvitationDelivery(Templates, TokenFactory, Options.Create(new InvitationLinkOptions { BaseUrl = BaseUrl })),
            new CodeDelivery(Templates, Protector, TokenFactory, Options.Create(new InvitationLinkOptions { BaseUrl = BaseUrl }))]);
        Delivery = new DeliveryService(kinds, Sessions, Sender, Time);
        Sink = new SessionDeliveryReportSink(kinds, Deliveries, Sessions, Time);
    }

    /// <summary>The message texts as the app makes them (organisation "Contoso Bank", join page at <see cref="BaseUrl"/>).</summary>
    public static MessageTemplates Templates { get; } = new(Options.Create(new MessagingOptions { OrganisationName = "Contoso Bank" }),
        Options.Create(new InvitationLinkOptions { BaseUrl = BaseUrl }));

    public static readonly string MasterKey = Convert.ToBase64String(Enumerable.Range(0, 32).Select(i => (byte)(i * 7)).ToArray());

    public StorageFixture Storage { get; }

    /// <summary>The events this app's commits collected for the insights projection.</summary>
    public InsightsFeed InsightsFeed { get; }

    /// <summary>Budgets no test of this project reaches unless it means to (each budget test passes its own).</summary>
    public static SendBudgetOptions RoomyBudgets() =>
        new() { PerAddressPerDay = 10_000, PerAgentPerHour = 1_000_000, PerTeamPerDay = 100_000_000, AppPerDay = 1_000_000_000 };

    public TableSendBudgetStore BudgetStore { get; }

    /// <summary>The send budgets (one instance's leases), on <see cref="BudgetStore"/>.</summary>
    public SendBudgets Budgets { get; }

    public OtpMasterKey Keyring { get; }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2030, 3, 4, 9, 0, 0, TimeSpan.Zero));

    public PendingWorkRelay Relay { get; }

    /// <summary>Rows whose work is done, deleted with the session's next commit (or by <see cref="DoneRowsFlusher"/> in the app).</summary>
    public DoneRows Done { get; }

    /// <summary>The sessions table alone (storage only).</summary>
    public TableSessionStore Rows { get; }

    public OutboxDispatcher Outbox { get; }

    /// <summary>The store as the app uses it: commits, then relays their work and publishes their events.</summary>
    public RelayingSessionStore Sessions { get; }

    public TableIdempotencyStore Idempotency { get; }

    public TableSessionIndex Index { get; }

    public TableReportLinkIndex ReportLinks { get; }

    public TableSentMessageStore Deliveries { get; }

    public TableTeamPolicyStore Policies { get; }

    public TokenFactory TokenFactory { get; }

    public SessionService Service { get; }

    /// <summary>The delivery worker of every kind (invitations, codes), as the queue functions run it.</summary>
    public DeliveryService Delivery { get; }

    /// <summary>How codes are protected under <see cref="Keyring"/>.</summary>
    public AesGcmCodeProtector Protector { get; }

    /// <summary>How the delivery worker sends (over <see cref="Sms"/> and <see cref="Email"/>).</summary>
    public DeliverySender Sender { get; }

    public SessionDeliveryReportSink Sink { get; }

    public Mock<ISmsSender> Sms { get; } = new();

    public Mock<IEmailSender> Email { get; } = new();

    /// <summary>Sets a team's overrides as the admin endpoint does (<see cref="SessionRecords.SetTeamPolicyAsync"/>).</summary>
    public Task SetTeamPolicyAsync(string team, PolicyOverrides overrides) => Policies.SetTeamPolicyAsync(team, overrides);

    public static AgentPrincipal Agent(string? id = null, string? team = "retail", params string[] roles) => SessionRecords.Agent(id, team, roles);

    public static StartSessionInput TwoParticipants(string reference = "loan-8812") => SessionRecords.TwoParticipants(reference);

    /// <summary>A primary invited by email without a code channel: manual OTP, whose code the agent may read at the OTP page.</summary>
    public static StartSessionInput ManualPrimary() => new(
        [new ParticipantInput(ParticipantRole.Primary, "Dana Cole", new ContactInput(Channel.Email, "dana@example.com"), null)], "loan-8812");

    public async Task<SessionView> StartAsync(AgentPrincipal agent, StartSessionInput? input = null, string? key = null)
    {
        var outcome = await Service.StartAsync(agent, input ?? TwoParticipants(), key, CancellationToken.None);
        Assert.True(outcome.IsSuccess, outcome.Failure?.Detail);
        return outcome.Value!;
    }

    /// <summary>The invitation messages waiting on the queue, removed so that later tests start clean.</summary>
    public async Task<List<DeliveryMessage>> DrainInvitationsAsync() =>
        [.. (await DrainInvitationTextsAsync()).Select(text => JsonSerializer.Deserialize<DeliveryMessage>(text, SessionJson.Options)!)];

    /// <summary>The <c>invitations</c> message that sends attempt <paramref name="attempt"/> of a participant's invitation.</summary>
    public static DeliveryMessage InvitationMessage(string sessionId, string participantId, int attempt) =>
        SessionRecords.InvitationMessage(sessionId, participantId, attempt);

    /// <summary>The raw text of the invitation messages waiting on the queue, removed so that later tests start clean.</summary>
    public async Task<List<string>> DrainInvitationTextsAsync()
    {
        var queue = Storage.Queues.GetQueueClient(QueueNames.Invitations);
        var all = new List<string>();
        while (true)
        {
            var received = (await queue.ReceiveMessagesAsync(32)).Value;
            if (received.Length == 0)
            {
                return all;
            }
            foreach (var message in received)
            {
                all.Add(message.Body.ToString());
                await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt);
            }
        }
    }

    public Task<ParticipantSnapshot> ParticipantAsync(string sessionId, string participantId) => Sessions.ParticipantAsync(sessionId, participantId);

    public string InviteTokenOf(Participant participant) => TokenFactory.InviteToken(participant);

    /// <summary>What a customer token is worth now (<see cref="SessionRecords.CheckAsync"/>).</summary>
    public Task<LinkCheck> CheckAsync(string token, TokenKind kind = TokenKind.Invite) => Sessions.CheckAsync(TokenFactory, token, kind, Time.GetUtcNow());
}
