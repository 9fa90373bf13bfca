using System.Security.Cryptography;

namespace OtpSessions.Core.Sessions;

/// <summary>
/// An audit record, kept in time order: who did what to which participant, with the same masked data as the
/// event. Never a code, token or full address.
/// </summary>
public sealed record AuditRecord(string Action, string ActorId, DateTimeOffset Time, string? ParticipantId, string DataJson)
{
    public string Id { get; init; } = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
}
