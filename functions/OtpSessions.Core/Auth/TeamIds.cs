using OtpSessions.Core.Events;

namespace OtpSessions.Core.Auth;

/// <summary>
/// The one rule for a team id, wherever one comes from (an agent token's team claim, a route): 1–128 characters, none
/// of <c>/ \ # ? %</c> or control characters (it is a storage key and part of an event subject), and — like a
/// session's <c>reference</c> — no email address or phone number (events carry it and hold no contact data).
/// </summary>
public static class TeamIds
{
    public const int MaxLength = 128;

    /// <summary>What a valid team id looks like, for a 400's <c>errors</c>.</summary>
    public static string Rule { get; } = $"1–{MaxLength} characters, none of / \\ # ? % or control characters, and no email address or phone number.";

    public static bool IsValid(string? team) =>
        team is { Length: > 0 and <= MaxLength }
        && !team.Any(c => c is '/' or '\\' or '#' or '?' or '%' || char.IsControl(c))
        && !EventDataGuard.ContainsUnmaskedAddress(team);
}
