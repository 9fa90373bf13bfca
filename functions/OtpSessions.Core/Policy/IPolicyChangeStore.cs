namespace OtpSessions.Core.Policy;

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
    Task DecideAsync(PolicyChangeRequest decided, StoredVersion version, StoredOverrides? apply, CancellationToken cancellationToken);
}
