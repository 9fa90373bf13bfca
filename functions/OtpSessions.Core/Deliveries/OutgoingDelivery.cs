using OtpSessions.Core.Messaging;

namespace OtpSessions.Core.Deliveries;

/// <summary>One send of a delivery (an invite link, a code) to one participant over one channel.</summary>
/// <param name="SendId">The sender's idempotency id (<c>{kind}:…</c>, an invitation attempt's or a code send's): a retried
/// message never sends a second, different message; a delivery report names it.</param>
/// <param name="Send">The send number of its item (an invitation's attempt, a code's send).</param>
/// <param name="FirstRequestedAt">When this send was first asked for (the same on every retry of it).</param>
/// <param name="Sms">The SMS text, rendered only when <paramref name="To"/> is a phone.</param>
/// <param name="Email">The email, rendered only when <paramref name="To"/> is an email address.</param>
public sealed record OutgoingDelivery(
    string SessionId,
    string ParticipantId,
    string SendId,
    int Send,
    Contact To,
    string? RecipientName,
    DateTimeOffset FirstRequestedAt,
    DateTimeOffset SessionExpiresAt,
    Func<string> Sms,
    Func<EmailContent> Email);
