using OtpSessions.Core.Policy;
using OtpSessions.Infrastructure.Sessions;

namespace OtpSessions.Infrastructure.Policy;

/// <summary>
/// <see cref="IPolicyChangeStore"/>: a team's changes waiting for a second administrator live beside its overrides, in the
/// same partition of the <c>policies</c> table (PK <c>team</c>), RK <c>{team}%2Fchanges%2F{changeId}</c> — the escaped
/// <c>{team}/changes/{changeId}</c>, which no team's own row key can be (a team id holds no <c>/</c>). Sharing the partition
/// lets an approval record its decision and write the new overrides in one entity-group transaction, each row at the ETag
/// it was read with. A change row expires (<c>ExpiresAt</c>, purged by the timer) <see cref="DecidedRetention"/> after it
/// could last be decided, so a late decision is told "no longer pending" rather than "not found" for a while.
/// </summary>
public sealed partial class TableTeamPolicyStore : IPolicyChangeStore
{
    /// <summary>How long a change row outlives its pending period.</summary>
    public static readonly TimeSpan DecidedRetention = TimeSpan.FromDays(30);

    private static string ChangesPrefix(string team) => TableKeys.Escape(team + "/changes/");

    private static string ChangeKey(string team, string changeId) => ChangesPrefix(team) + TableKeys.Escape(changeId);

    public async Task<IReadOnlyList<PolicyChangeRequest>> ListAsync(string team, CancellationToken cancellationToken)
    {
        var prefix = ChangesPrefix(team);
        var end = prefix[..^1] + (char)(prefix[^1] + 1);
        var found = new List<PolicyChangeRequest>();
        await foreach (var row in _table.QueryAsync<TableEntity>(
            TableClient.CreateQueryFilter($"PartitionKey eq {PartitionKey} and RowKey ge {prefix} and RowKey lt {end}"), cancellationToken: cancellationToken))
        {
            found.Add(ChangeOf(row));
        }
        return [.. found.OrderBy(c => c.RequestedAt)];
    }

    public async Task<StoredPolicyChange?> FindAsync(string team, string changeId, CancellationToken cancellationToken)
    {
        var response = await _table.GetEntityIfExistsAsync<TableEntity>(PartitionKey, ChangeKey(team, changeId), cancellationToken: cancellationToken);
        return response.HasValue ? new StoredPolicyChange(ChangeOf(response.Value!), response.Value!.ETag.ToVersion()) : null;
    }

    public async Task AddAsync(PolicyChangeRequest change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        await _table.WriteAtVersionAsync(ChangeEntity(change), null, $"Change {change.ChangeId} exists already", cancellationToken);
    }

    public async Task DecideAsync(PolicyChangeRequest decided, StoredVersion version, StoredOverrides? apply, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(decided);
        List<TableTransactionAction> actions = [new(TableTransactionActionType.UpdateReplace, ChangeEntity(decided), version.ToETag())];
        if (apply is not null)
        {
            var overrides = ToEntity(decided.Team, apply.Overrides);
            actions.Add(apply.Version is null
                ? new TableTransactionAction(TableTransactionActionType.Add, overrides)
                : new TableTransactionAction(TableTransactionActionType.UpdateReplace, overrides, apply.Version.ToETag()));
        }
        try
        {
            await _table.SubmitTransactionAsync(actions, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412 or 404)
        {
            throw new ConcurrencyConflictException($"Change {decided.ChangeId} of team {decided.Team} or its policy changed meanwhile (HTTP {e.Status}).", e);
        }
        finally
        {
            _cache.TryRemove(decided.Team, out _);
        }
    }

    private static TableEntity ChangeEntity(PolicyChangeRequest change) => new(PartitionKey, ChangeKey(change.Team, change.ChangeId))
    {
        ["ChangeId"] = change.ChangeId,
        ["Team"] = change.Team,
        ["RequesterId"] = change.RequesterId,
        ["RequestedAt"] = change.RequestedAt,
        ["ValuesJson"] = change.ValuesJson,
        ["Fields"] = string.Join(',', change.Fields),
        ["Weakened"] = string.Join(',', change.Weakened),
        ["Decision"] = change.Decision.ToWire(),
        ["DeciderId"] = change.DeciderId,
        ["DecidedAt"] = change.DecidedAt,
        ["ExpiresAt"] = change.ExpiresAt + DecidedRetention,
    };

    private static PolicyChangeRequest ChangeOf(TableEntity e) =>
        new(e.GetString("ChangeId"), e.GetString("Team"), e.GetString("RequesterId"), e.GetDateTimeOffset("RequestedAt")!.Value,
            e.GetString("ValuesJson"), Names(e.GetString("Fields")), Names(e.GetString("Weakened")))
        {
            Decision = WireNames.TryParse<PolicyChangeStatus>(e.GetString("Decision"), out var decision) ? decision : PolicyChangeStatus.Rejected,
            DeciderId = e.GetString("DeciderId"),
            DecidedAt = e.GetDateTimeOffset("DecidedAt"),
        };

    private static string[] Names(string? list) => list?.Split(',', StringSplitOptions.RemoveEmptyEntries) ?? [];
}
