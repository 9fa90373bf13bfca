using OtpSessions.Core.Sessions;

namespace OtpSessions.Core.Join;

/// <summary>What a customer credential (invite link or access token) is worth right now.</summary>
public enum LinkCheck
{
    Valid,

    /// <summary>Unknown, revoked, superseded, of another kind, of a closed/expired session or a reassigned/removed participant.</summary>
    Invalid,

    /// <summary>The participant's current invite link, otherwise fine, but past its lifetime (<see cref="InvitationState.LinkExpiresAt"/>).</summary>
    Expired,
}
