
namespace OtpSessions.Core.Join;

/// <summary>The customer flow's audit action names (rows <c>audit|…</c>).</summary>
public static class JoinAuditActions
{
    public const string OtpViewed = "otp.viewed";

    /// <summary>The customer asked for a fresh link after the old one expired (actor = the participant id).</summary>
    public const string LinkRenewed = "invitation.renewed";
}
