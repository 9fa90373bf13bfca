using OtpSessions.Core.Sessions;

namespace OtpSessions.Core.Deliveries;

/// <summary>
/// What differs between kinds of delivery (invitations, codes): how a message names its item, what to send, why not to
/// send it, and how a send's outcome and its delivery reports change the participant. Everything else — loading, the
/// checks every kind shares, sending, retrying on a conflict, the report path — is <see cref="DeliveryService"/>'s and
/// <see cref="SessionDeliveryReportSink"/>'s, once. A kind is registered as an <see cref="IDeliveryKind"/>.
/// </summary>
public interface IDeliveryKind
{
    /// <summary>The messages' <see cref="DeliveryMessage.Kind"/> and the prefix of its send ids (<c>{Name}:…</c>).</summary>
    string Name { get; }

    /// <summary>Whether <paramref name="item"/> can name one of this kind's items.</summary>
    bool IsWellFormed(string item);

    /// <summary>The session and participant as this kind needs them (one storage request).</summary>
    Task<ParticipantWithTerms?> LoadAsync(ISessionStore sessions, DeliveryMessage message, CancellationToken cancellationToken);

    /// <summary>
    /// Why there is nothing to send for <paramref name="participant"/> (already sent, superseded, expired…), or null.
    /// Checked after what every kind checks: the session is active and the participant current.
    /// </summary>
    string? WhyNot(Participant participant, string item, DateTimeOffset now);

    /// <summary>What to send now, or why it can never be sent (no retry would help).</summary>
    DeliveryContent Render(ParticipantWithTerms snapshot, DateTimeOffset now);

    /// <summary>The provider accepted send <paramref name="send"/>: the change to commit, or null when there is nothing to record.</summary>
    SessionChange? Accepted(ParticipantWithTerms snapshot, string item, int send, string providerMessageId, DateTimeOffset now);

    /// <summary>The item's pending send failed for <paramref name="reason"/>: the change to commit, or null when nothing is pending.</summary>
    SessionChange? Failed(ParticipantWithTerms snapshot, string item, string reason, DateTimeOffset now);

    /// <summary>
    /// A delivery report for send <paramref name="sendId"/>: the change to commit, or null when it is not about the latest
    /// send or that send is already final (reports arrive at least once; a late one never marks a later send).
    /// </summary>
    SessionChange? Reported(ParticipantWithTerms snapshot, string sendId, bool delivered, string providerMessageId,
        DateTimeOffset receivedAt, DateTimeOffset now);
}
