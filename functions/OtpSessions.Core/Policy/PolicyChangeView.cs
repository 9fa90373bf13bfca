namespace OtpSessions.Core.Policy;

/// <summary>A change as the API shows it (<c>GET …/policy/changes</c>, the 202 of a <c>PUT</c>, a decision's answer).</summary>
public sealed record PolicyChangeView(
    string ChangeId,
    PolicyChangeStatus Status,
    IReadOnlyList<string> Fields,
    IReadOnlyList<string> Weakened,
    JsonElement Values,
    string RequesterId,
    bool RequestedByYou,
    DateTimeOffset RequestedAt,
    DateTimeOffset ExpiresAt,
    string? DeciderId,
    DateTimeOffset? DecidedAt)
{
    public static PolicyChangeView Of(PolicyChangeRequest change, string callerId, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(change);
        return new(change.ChangeId, change.StatusAt(now), change.Fields, change.Weakened, change.Values(), change.RequesterId,
            string.Equals(change.RequesterId, callerId, StringComparison.Ordinal), change.RequestedAt, change.ExpiresAt, change.DeciderId,
            change.DecidedAt);
    }
}
