
namespace OtpSessions.Core.Join;

/// <summary><c>otp.viewed</c> (and its audit row): an agent read the code.</summary>
public sealed record OtpViewedData(string SessionId, string? Reference, string ParticipantId, string AgentId, string CodeId);
