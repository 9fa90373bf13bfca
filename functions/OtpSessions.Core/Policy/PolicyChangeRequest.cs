using System.Security.Cryptography;
using System.Text.Json;

namespace OtpSessions.Core.Policy;

/// <summary>Where a change waiting for a second administrator stands.</summary>
public enum PolicyChangeStatus
{
    Pending,
    Approved,
    Rejected,

    /// <summary>Nobody decided within <see cref="PolicyChangeRequest.Lifetime"/>: it can no longer apply.</summary>
    Expired,
}

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

/// <summary>A change as stored, with the opaque version of its record (for an optimistic decision).</summary>
public sealed record StoredPolicyChange(PolicyChangeRequest Change, string Version);

/// <summary>
/// Port: the changes of a team's overrides waiting for a second administrator. A decision is an optimistic write at the
/// version read, so of two administrators deciding at once exactly one wins; an approval writes the team's new overrides
/// in the same atomic step.
/// </summary>
public interface IPolicyChangeStore
{
    /// <summary>The team's changes as stored (decided and expired ones included), oldest first.</summary>
    Task<IReadOnlyList<PolicyChangeRequest>> ListAsync(string team, CancellationToken cancellationToken);

    Task<StoredPolicyChange?> FindAsync(string team, string changeId, CancellationToken cancellationToken);

    Task AddAsync(PolicyChangeRequest change, CancellationToken cancellationToken);

    /// <summary>
    /// Records <paramref name="decided"/> if the change is still at <paramref name="version"/>; with <paramref name="apply"/>,
    /// writes those overrides in the same atomic step if the team's overrides are still at its version (null: none stored
    /// yet). Throws <c>ConcurrencyConflictException</c> when either changed first (nothing is written then).
    /// </summary>
    Task DecideAsync(PolicyChangeRequest decided, string version, StoredOverrides? apply, CancellationToken cancellationToken);
}

/// <summary>A change as the API shows it (<c>GET …/policy/changes</c>, the 202 of a <c>PUT</c>, a decision's answer).</summary>
public sealed record PolicyChangeView(
    string ChangeId,
    PolicyChangeStatus Status,
    IReadOnlyList<string> Fields,
    IReadOnlyList<string> Weakened,
    JsonElement Values,
    string RequesterId,
    bool RequestedByYou,
    DateTimeOffset RequestedAt,
    DateTimeOffset ExpiresAt,
    string? DeciderId,
    DateTimeOffset? DecidedAt)
{
    public static PolicyChangeView Of(PolicyChangeRequest change, string callerId, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(change);
        return new(change.ChangeId, change.StatusAt(now), change.Fields, change.Weakened, change.Values(), change.RequesterId,
            string.Equals(change.RequesterId, callerId, StringComparison.Ordinal), change.RequestedAt, change.ExpiresAt, change.DeciderId,
            change.DecidedAt);
    }
}

/// <summary>The pending changes of a team, oldest first.</summary>
public sealed record PolicyChangeList(IReadOnlyList<PolicyChangeView> Changes);
