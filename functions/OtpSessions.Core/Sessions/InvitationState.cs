namespace OtpSessions.Core.Sessions;

/// <summary>
/// One invite link: <paramref name="InvitationId"/> (128 random bits) is what the token is derived from
/// (<see cref="TokenFactory.InviteToken(Participant)"/>); only the token's hash is stored. <paramref name="Attempt"/> counts sends of
/// this link (a resend of the same link is attempt + 1); <paramref name="RequestedAt"/> is when the current attempt was
/// requested (cooldown, and the send's first-try time).
/// </summary>
public sealed record InvitationState(
    string InvitationId,
    int Attempt,
    InvitationStatus Status,
    DateTimeOffset RequestedAt,
    DateTimeOffset LinkExpiresAt,
    string TokenHash)
{
    public DateTimeOffset? SentAt { get; init; }

    public string? ProviderMessageId { get; init; }

    /// <summary>The id of the master key that derived this link's token (null on rows from before ids were kept: the current key).</summary>
    public string? KeyId { get; init; }

    /// <summary>
    /// The current attempt's send id: the sender's idempotency id (a retried queue message never sends a second,
    /// different message) and what its <c>deliveries</c> row names, so a delivery report applies to this attempt only.
    /// </summary>
    public string IdempotencyId => $"invitation:{InvitationId}:{Attempt}";

    /// <summary>
    /// The delivery transitions of an invitation, in one place (the invitation worker and delivery reports use them):
    /// the provider accepted <paramref name="attempt"/>'s send as <paramref name="acceptedAs"/> (its message id:
    /// <see cref="InvitationStatus.Sent"/>), or (null) refused it or it ran out of retries (<see cref="InvitationStatus.Failed"/>).
    /// Null when that attempt is not the one pending (superseded, or already recorded): nothing to record.
    /// </summary>
    public InvitationState? Outcome(int attempt, string? acceptedAs, DateTimeOffset now) =>
        Attempt != attempt || Status != InvitationStatus.Pending
            ? null
            : this with
            {
                Status = acceptedAs is null ? InvitationStatus.Failed : InvitationStatus.Sent,
                SentAt = acceptedAs is null ? SentAt : now,
                ProviderMessageId = acceptedAs ?? ProviderMessageId,
            };

    /// <summary>
    /// A delivery report for send <paramref name="sendId"/>: <see cref="InvitationStatus.Delivered"/> or
    /// <see cref="InvitationStatus.Failed"/>. Null when the report is for another attempt's send or the state is already
    /// final (reports arrive at least once, and a late one for an earlier attempt never marks a later one).
    /// </summary>
    public InvitationState? Reported(string sendId, bool delivered, string providerMessageId, DateTimeOffset receivedAt) =>
        IdempotencyId != sendId || Status is InvitationStatus.Delivered or InvitationStatus.Failed
            ? null
            : this with
            {
                Status = delivered ? InvitationStatus.Delivered : InvitationStatus.Failed,
                SentAt = SentAt ?? receivedAt,
                ProviderMessageId = providerMessageId,
            };
}
