using System.Security.Cryptography;
using System.Text;
using OtpSessions.Core.Sessions;

namespace OtpSessions.Core.Join;

/// <summary>
/// The customer credential rules, pure. A token names its participant (<see cref="TokenFactory"/>); the participant row is
/// the authority: an invite token works only while its hash is the current invitation's (a link replaced a moment ago
/// stops at once), an access token only while its hash is among the row's <see cref="Participant.AccessTokens"/> and
/// unexpired (sign-out removes it at once). Either works only while the session is active and the participant current,
/// so closing the session, reassigning the participant or a "not me" report of it stops every link and access token at once.
/// </summary>
public static class LinkRules
{
    /// <param name="tokenHash"><see cref="TokenFactory.Hash"/> of the presented token.</param>
    /// <param name="snapshot">The participant the token names, with its session's terms (null when absent or expired).</param>
    public static LinkCheck Check(string tokenHash, TokenKind kind, ParticipantWithTerms? snapshot, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(tokenHash);
        if (snapshot is not var (session, participant) || !session.IsActiveAt(now) || !participant.IsCurrent || participant.IsReported)
        {
            return LinkCheck.Invalid;
        }
        if (kind == TokenKind.Invite)
        {
            return !SameHash(tokenHash, participant.Invitation.TokenHash) ? LinkCheck.Invalid
                : now < participant.Invitation.LinkExpiresAt ? LinkCheck.Valid
                : LinkCheck.Expired;
        }
        var grant = participant.AccessTokens.FirstOrDefault(g => SameHash(tokenHash, g.TokenHash));
        return grant is null ? LinkCheck.Invalid
            : now < grant.ValidUntil ? LinkCheck.Valid
            : LinkCheck.Expired;
    }

    private static bool SameHash(string a, string? b) =>
        b is not null && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(a), Encoding.ASCII.GetBytes(b));
}
