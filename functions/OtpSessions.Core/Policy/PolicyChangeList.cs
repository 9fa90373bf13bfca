namespace OtpSessions.Core.Policy;

/// <summary>The pending changes of a team, oldest first.</summary>
public sealed record PolicyChangeList(IReadOnlyList<PolicyChangeView> Changes);
