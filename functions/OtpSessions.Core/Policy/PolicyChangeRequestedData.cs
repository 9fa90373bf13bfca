namespace OtpSessions.Core.Policy;

/// <summary><c>policy.change_requested</c> (and its audit row): a weaker change waits for another administrator of the team.</summary>
public sealed record PolicyChangeRequestedData(string Team, string ChangeId, IReadOnlyList<string> Fields, IReadOnlyList<string> Weakened,
    string RequesterId, DateTimeOffset ExpiresAt);
