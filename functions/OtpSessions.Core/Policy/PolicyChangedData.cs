namespace OtpSessions.Core.Policy;

/// <summary>
/// <c>policy.changed</c> (and its audit row): which fields of a team's overrides an administrator set or removed.
/// <see cref="AdminId"/> is the administrator whose action applied it; for an approved change <see cref="ApproverId"/> is that
/// same administrator and <see cref="RequesterId"/> the one who asked (for a change applied at once, the requester alone).
/// </summary>
public sealed record PolicyChangedData(string Team, IReadOnlyList<string> Changed, string AdminId)
{
    public string? ChangeId { get; init; }

    public string? RequesterId { get; init; }

    public string? ApproverId { get; init; }
}
