using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace OtpSessions.Core.Sessions;

/// <summary>
/// Ids: <c>s_</c> + 32 lowercase hex (128 random bits) for sessions, <c>p_</c> + 24 hex (96 bits) for participants,
/// 32 hex (128 bits) for invitations. Random, so they say nothing about time or order and cannot be guessed.
/// </summary>
public static partial class SessionIds
{
    public const string SessionPrefix = "s_";
    public const string ParticipantPrefix = "p_";

    public static string NewSessionId() => SessionPrefix + RandomHex(16);

    public static string NewParticipantId() => ParticipantPrefix + RandomHex(12);

    /// <summary>The id an invite token is derived from (<see cref="TokenFactory.InviteToken"/>).</summary>
    public static string NewInvitationId() => RandomHex(16);

    public static bool IsSessionId(string? value) => value is not null && SessionIdPattern().IsMatch(value);

    public static bool IsParticipantId(string? value) => value is not null && ParticipantIdPattern().IsMatch(value);

    private static string RandomHex(int bytes) => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(bytes));

    [GeneratedRegex("^s_[0-9a-f]{32}$", RegexOptions.CultureInvariant)]
    private static partial Regex SessionIdPattern();

    [GeneratedRegex("^p_[0-9a-f]{24}$", RegexOptions.CultureInvariant)]
    private static partial Regex ParticipantIdPattern();
}
