namespace OtpSessions.Core.Policy;

/// <summary>A change as stored, with the opaque version of its record (for an optimistic decision).</summary>
public sealed record StoredPolicyChange(PolicyChangeRequest Change, StoredVersion Version);
