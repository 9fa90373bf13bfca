using System.Security.Cryptography;

namespace OtpSessions.Core.Policy;

/// <summary>
/// A change of a team's overrides that weakens the policy while the team's <see cref="OtpPolicy.PolicyChangesNeedApproval"/>
/// is on: it waits until another administrator of the team approves it (or rejects it, or it expires). <see cref="ValuesJson"/>
/// holds the requested values by API name (<c>null</c>: back to the system value), applied on approval to the overrides as they
/// are then. <see cref="RequesterId"/> is the requester's agent id as its token names it (compared on approval, never in events).
/// </summary>
public sealed record PolicyChangeRequest(
    string ChangeId,
    string Team,
    string RequesterId,
    DateTimeOffset RequestedAt,
    string ValuesJson,
    IReadOnlyList<string> Fields,
    IReadOnlyList<string> Weakened)
{
    /// <summary>How long a change waits for a decision.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(7);

    private const string Prefix = "c_";

    public DateTimeOffset ExpiresAt => RequestedAt + Lifetime;

    /// <summary>The decision taken (<see cref="PolicyChangeStatus.Pending"/> until one is); see <see cref="StatusAt"/>.</summary>
    public PolicyChangeStatus Decision { get; init; } = PolicyChangeStatus.Pending;

    /// <summary>The agent id of the administrator who approved or rejected it.</summary>
    public string? DeciderId { get; init; }

    public DateTimeOffset? DecidedAt { get; init; }

    /// <summary>Where the change stands at <paramref name="now"/>: an undecided change past <see cref="ExpiresAt"/> has expired.</summary>
    public PolicyChangeStatus StatusAt(DateTimeOffset now) =>
        Decision == PolicyChangeStatus.Pending && now >= ExpiresAt ? PolicyChangeStatus.Expired : Decision;

    /// <summary>The requested values as a JSON object, as a <c>PUT</c> body carries them.</summary>
    public JsonElement Values()
    {
        using var document = JsonDocument.Parse(ValuesJson);
        return document.RootElement.Clone();
    }

    /// <summary>A new change id: <c>c_</c> + 24 hex digits (96 random bits).</summary>
    public static string NewId() => Prefix + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));

    /// <summary>Whether <paramref name="id"/> has the form of a change id (anything else is 400, never a storage read).</summary>
    public static bool IsId(string? id) =>
        id is { Length: 26 } && id.StartsWith(Prefix, StringComparison.Ordinal) && id[2..].All(c => char.IsAsciiHexDigitLower(c) || char.IsAsciiDigit(c));
}
