using OtpSessions.Core;
using OtpSessions.Core.Policy;

namespace OtpSessions.Testing.InMemory;

/// <summary><see cref="ITeamPolicyStore"/> in memory (no cache: every change is seen at once); like the Table store it ignores stored values outside the system's ranges.</summary>
public sealed class InMemoryTeamPolicyStore : ITeamPolicyStore
{
    private readonly InMemoryVersionedRecords<string, PolicyOverrides> _teams = new();

    /// <summary>The teams' overrides as stored; <see cref="InMemoryPolicyChangeStore"/> writes an approved change's overrides here.</summary>
    internal InMemoryVersionedRecords<string, PolicyOverrides> Records => _teams;

    public Task<PolicyOverrides?> FindAsync(string teamId, CancellationToken cancellationToken) =>
        Task.FromResult(_teams.Find(teamId)?.Value.WithinRange(out _));

    public Task<StoredOverrides> LoadAsync(string teamId, CancellationToken cancellationToken) =>
        Task.FromResult(_teams.Find(teamId) is { } found ? new StoredOverrides(found.Value.WithinRange(out _), found.Version) : new StoredOverrides(new PolicyOverrides(), null));

    public Task SaveAsync(string teamId, PolicyOverrides overrides, StoredVersion? version, CancellationToken cancellationToken)
    {
        _teams.Write(teamId, overrides, version);
        return Task.CompletedTask;
    }
}
