namespace OtpSessions.Core.Sessions;

/// <summary>
/// The one queue message of every delivery, whatever its kind: <c>{ "kind", "sessionId", "participantId", "item",
/// "traceparent" }</c> as JSON — ids only, never a code, a token or an address. <paramref name="Kind"/> names the
/// <see cref="IDeliveryKind"/> that handles it; <paramref name="Item"/> is what that kind sends (an invitation's attempt
/// number, a code's id).
/// </summary>
/// <param name="Traceparent">W3C trace context of the request that queued it (<see cref="QueueTrace"/>); not a secret.</param>
public sealed record DeliveryMessage(string Kind, string SessionId, string ParticipantId, string Item,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Traceparent = null)
{
    /// <summary>Ids that can name a session and a participant, and an item of at most 64 characters.</summary>
    public bool IsWellFormed() =>
        SessionIds.IsSessionId(SessionId) && SessionIds.IsParticipantId(ParticipantId) && Item is { Length: > 0 and <= 64 };
}
