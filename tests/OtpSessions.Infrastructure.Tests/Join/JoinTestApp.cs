using System.Text.Json;
using OtpSessions.Core;
using OtpSessions.Core.Deliveries;
using OtpSessions.Core.Join;
using OtpSessions.Core.Otp;
using OtpSessions.Core.Policy;
using OtpSessions.Core.Sessions;
using OtpSessions.Infrastructure.Sessions;

namespace OtpSessions.Infrastructure.Tests.Join;

/// <summary>
/// The customer-flow services on the real adapters (Azurite), next to the session services of <see cref="SessionTestApp"/>
/// (same stores, same fake clock, same Moq senders).
/// </summary>
public sealed class JoinTestApp
{
    /// <param name="queue">Replaces the real queues behind the relay (fault tests).</param>
    /// <param name="keys">The keyring (default: <see cref="SessionTestApp.MasterKey"/> alone).</param>
    /// <param name="publisher">The event broker (default: none, events stay in the outbox).</param>
    public JoinTestApp(StorageFixture storage, OtpPolicy? policy = null, IWorkQueue? queue = null, OtpKeyOptions? keys = null,
        Core.Events.IEventPublisher? publisher = null, Core.Budgets.SendBudgetOptions? budgets = null)
    {
        Sessions = new SessionTestApp(storage, policy, queue: queue, keys: keys, publisher: publisher, budgets: budgets);
        Protector = Sessions.Protector;
        var issuer = new OtpCodeIssuer(new OtpCodeGenerator(), Protector);
        Join = new JoinService(Sessions.Sessions, issuer, Protector, Sessions.TokenFactory, Sessions.Budgets,
            new Passkeys.TablePasskeyStore(storage.Tables), new Core.Passkeys.PasskeyOwners(Sessions.Keyring), Sessions.Time);
        Deliveries = Sessions.Delivery;
        AgentView = new AgentOtpService(Sessions.Sessions, Protector, Sessions.Time);
        Storage = storage;
    }

    public StorageFixture Storage { get; }

    public SessionTestApp Sessions { get; }

    public AesGcmCodeProtector Protector { get; }

    public JoinService Join { get; }

    /// <summary>The delivery worker (<see cref="SessionTestApp.Delivery"/>) that sends codes as it sends invitations.</summary>
    public DeliveryService Deliveries { get; }

    public AgentOtpService AgentView { get; }

    /// <summary>A started session (primary: email invite + SMS OTP; cosigner: SMS invite + email OTP) and the primary's invite token.</summary>
    public async Task<(SessionView View, string PrimaryToken, string CosignerToken)> StartAsync()
    {
        var view = await Sessions.StartAsync(SessionTestApp.Agent());
        var primary = (await Sessions.ParticipantAsync(view.SessionId, view.Participants[0].ParticipantId)).Participant;
        var cosigner = (await Sessions.ParticipantAsync(view.SessionId, view.Participants[1].ParticipantId)).Participant;
        return (view, Sessions.InviteTokenOf(primary), Sessions.InviteTokenOf(cosigner));
    }

    public async Task<Participant> ParticipantAsync(string sessionId, string participantId) =>
        (await Sessions.ParticipantAsync(sessionId, participantId)).Participant;

    /// <summary>The participant's current code in clear (read from the row, as the agent view does).</summary>
    public async Task<string> CodeOfAsync(string sessionId, string participantId)
    {
        var code = (await ParticipantAsync(sessionId, participantId)).OtpState;
        Assert.True(Protector.TryUnprotect(code.ProtectedCode!, new CodeBinding(sessionId, participantId, code.CodeId!), out var plain));
        return plain;
    }

    /// <summary>The raw texts of this session's <c>otp-deliveries</c> messages (received and deleted, so other tests start clean).</summary>
    public async Task<List<string>> DrainOtpMessagesAsync(string sessionId)
    {
        var queue = Storage.Queues.GetQueueClient(QueueNames.OtpDeliveries);
        var mine = new List<string>();
        while (true)
        {
            var received = (await queue.ReceiveMessagesAsync(32)).Value;
            if (received.Length == 0)
            {
                return mine;
            }
            foreach (var message in received)
            {
                var text = message.Body.ToString();
                if (text.Contains(sessionId, StringComparison.Ordinal))
                {
                    mine.Add(text);
                }
                await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt);
            }
        }
    }

    /// <summary>The <c>Authorization</c> header value that carries an invite token.</summary>
    public static string Invite(string token) => "Invite " + token;

    public static DeliveryMessage Parse(string text) => JsonSerializer.Deserialize<DeliveryMessage>(text, SessionJson.Options)!;

    /// <summary>The <c>otp-deliveries</c> message that sends code <paramref name="codeId"/> of a participant.</summary>
    public static DeliveryMessage CodeMessage(string sessionId, string participantId, string codeId) =>
        new(CodeDelivery.KindName, sessionId, participantId, codeId);
}
