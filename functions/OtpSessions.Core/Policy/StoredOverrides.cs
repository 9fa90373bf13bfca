namespace OtpSessions.Core.Policy;

/// <summary>A team's overrides as stored, with the row's version (null when the team has no row yet).</summary>
public sealed record StoredOverrides(PolicyOverrides Overrides, StoredVersion? Version);
