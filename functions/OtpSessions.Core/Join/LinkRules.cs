using OtpSessions.Core.Sessions;

namespace OtpSessions.Core.Join;

/// <summary>What a customer credential (invite link or access token) is worth right now.</summary>
public enum LinkCheck
{
    Valid,

    /// <summary>Unknown, revoked, superseded, of another kind, of a closed/expired session or a reassigned/removed participant.</summary>
    Invalid,

    /// <summary>Known and otherwise fine, but past its lifetime (<see cref="TokenRecord.ValidUntil"/>).</summary>
    Expired,
}

/// <summary>
/// The customer credential rules, pure: a token works only while its row is not revoked (sign-out revokes an access
/// token's row), its session is active and its participant current. An invite link must also still be the
/// participant's current link — the participant row is the authority, so a link replaced a moment ago stops working even
/// before its token row is marked revoked. Access tokens are many (one per entry through the link) and each works on
/// its own until it expires or is signed out; closing the session or reassigning the participant stops them all.
/// </summary>
public static class LinkRules
{
    public static LinkCheck Check(TokenRecord? token, ParticipantSnapshot? snapshot, TokenKind kind, DateTimeOffset now)
    {
        if (token is null || token.Revoked || token.Kind != kind || snapshot is null)
        {
            return LinkCheck.Invalid;
        }
        var (session, participant) = snapshot;
        if (session.SessionId != token.SessionId
            || participant.ParticipantId != token.ParticipantId
            || !session.IsActiveAt(now)
            || !participant.IsCurrent
            || (kind == TokenKind.Invite && !string.Equals(participant.Invitation.TokenHash, token.TokenHash, StringComparison.Ordinal)))
        {
            return LinkCheck.Invalid;
        }
        return now < token.ValidUntil ? LinkCheck.Valid : LinkCheck.Expired;
    }
}
