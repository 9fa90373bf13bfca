namespace OtpSessions.Core.Policy;

/// <summary>Port: a team's overrides (the <c>policies</c> table, PK <c>team</c>, RK team id).</summary>
public interface ITeamPolicyStore
{
    /// <summary>The overrides new sessions use (may be cached for a short time), or null.</summary>
    Task<PolicyOverrides?> FindAsync(string teamId, CancellationToken cancellationToken);

    /// <summary>The overrides as stored now (never cached), for a change.</summary>
    Task<StoredOverrides> LoadAsync(string teamId, CancellationToken cancellationToken);

    /// <summary>
    /// Writes the overrides if the row is still at <paramref name="version"/> (null: the row must not exist yet); throws
    /// <c>ConcurrencyConflictException</c> when someone changed it first.
    /// </summary>
    Task SaveAsync(string teamId, PolicyOverrides overrides, StoredVersion? version, CancellationToken cancellationToken);
}
