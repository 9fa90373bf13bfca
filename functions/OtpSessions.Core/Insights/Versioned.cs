namespace OtpSessions.Core.Insights;

/// <summary>A projection record as read: its value and the version a write must name.</summary>
public sealed record Versioned<T>(T Value, StoredVersion Version);
