using System.Text;

namespace OtpSessions.Core.Otp;

/// <summary>
/// What a stored code belongs to: its session, its participant and its own id. The protected value is bound to all three
/// (AES-GCM associated data), so it cannot be moved to another code row, participant or session.
/// </summary>
public sealed record CodeBinding(string SessionId, string ParticipantId, string CodeId)
{
    public byte[] AssociatedData() => Encoding.UTF8.GetBytes($"{SessionId}|{ParticipantId}|{CodeId}");
}
