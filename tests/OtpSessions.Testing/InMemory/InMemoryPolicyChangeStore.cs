using OtpSessions.Core;
using OtpSessions.Core.Policy;

namespace OtpSessions.Testing.InMemory;

/// <summary>
/// <see cref="IPolicyChangeStore"/> in memory, beside the overrides of an <see cref="InMemoryTeamPolicyStore"/> as the Table
/// store keeps changes beside them in one partition: a decision is written only if the change is still at the version read
/// and, with overrides to apply, only if the team's overrides are too — both checked and written under one lock, so a
/// conflict on either writes nothing (<see cref="ConcurrencyConflictException"/>).
/// </summary>
public sealed class InMemoryPolicyChangeStore : IPolicyChangeStore
{
    private readonly InMemoryVersionedRecords<string, PolicyOverrides> _teams;
    private readonly InMemoryVersionedRecords<(string Team, string ChangeId), PolicyChangeRequest> _changes;

    public InMemoryPolicyChangeStore(InMemoryTeamPolicyStore teams)
    {
        ArgumentNullException.ThrowIfNull(teams);
        _teams = teams.Records;
        _changes = new(_teams.Gate);
    }

    public Task<IReadOnlyList<PolicyChangeRequest>> ListAsync(string team, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<PolicyChangeRequest>>([.. _changes.All().Where(c => c.Team == team).OrderBy(c => c.RequestedAt)]);

    public Task<StoredPolicyChange?> FindAsync(string team, string changeId, CancellationToken cancellationToken) =>
        Task.FromResult(_changes.Find((team, changeId)) is { } found ? new StoredPolicyChange(found.Value, found.Version) : null);

    public Task AddAsync(PolicyChangeRequest change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        _changes.Write((change.Team, change.ChangeId), change, null);
        return Task.CompletedTask;
    }

    public Task DecideAsync(PolicyChangeRequest decided, StoredVersion version, StoredOverrides? apply, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(decided);
        ArgumentNullException.ThrowIfNull(version);
        lock (_teams.Gate)
        {
            _changes.EnsureAt((decided.Team, decided.ChangeId), version);
            if (apply is not null)
            {
                _teams.EnsureAt(decided.Team, apply.Version);
            }
            _changes.Write((decided.Team, decided.ChangeId), decided, version);
            if (apply is not null)
            {
                _teams.Write(decided.Team, apply.Overrides, apply.Version);
            }
        }
        return Task.CompletedTask;
    }
}
