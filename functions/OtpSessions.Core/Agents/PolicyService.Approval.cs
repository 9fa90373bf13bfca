using OtpSessions.Core.Auth;
using OtpSessions.Core.Events;
using OtpSessions.Core.Policy;
using OtpSessions.Core.Sessions;

namespace OtpSessions.Core.Agents;

/// <summary>
/// Two administrators for a weaker policy: while a team's effective <see cref="OtpPolicy.PolicyChangesNeedApproval"/> is on,
/// a change that weakens it (<see cref="PolicyWeakening"/>) is stored as a <see cref="PolicyChangeRequest"/> instead of
/// applied, and applies only when another administrator of the team approves it. Approving and rejecting are optimistic
/// writes on the change, so of two decisions at once exactly one wins; the loser is told the change is no longer pending.
/// </summary>
public sealed partial class PolicyService
{
    /// <summary>The audit action of a rejected change (an approved one is audited as <see cref="AuditAction"/>).</summary>
    public const string RejectedAuditAction = "policy.change_rejected";

    /// <summary>The pending changes of a team, oldest first (admin of that team only).</summary>
    public async Task<Outcome<PolicyChangeList>> ListChangesAsync(AgentPrincipal agent, string team, CancellationToken cancellationToken)
    {
        if (Refuse(agent, team) is { } refused)
        {
            return refused;
        }
        var now = time.GetUtcNow();
        var stored = await changes.ListAsync(team, cancellationToken);
        return new PolicyChangeList([.. stored.Where(c => c.StatusAt(now) == PolicyChangeStatus.Pending).Select(c => PolicyChangeView.Of(c, agent.Subject, now))]);
    }

    /// <summary>Another administrator of the team approves a pending change: it applies to the overrides as they are now.</summary>
    public Task<Outcome<TeamPolicy>> ApproveAsync(AgentPrincipal agent, string team, string changeId, CancellationToken cancellationToken) =>
        ConcurrencyRetry.DecideAsync<TeamPolicy>(async () =>
        {
            var found = await FindPendingAsync(agent, team, changeId, cancellationToken);
            if (found.Failure is { } refused)
            {
                return refused;
            }
            var (change, version) = found.Value!;
            if (string.Equals(change.RequesterId, agent.Subject, StringComparison.Ordinal))
            {
                return new Failure(FailureKind.Forbidden, PolicyErrorCodes.ApprovalByRequester,
                    "You asked for this change: another administrator of the team must approve it.");
            }
            var stored = await teams.LoadAsync(team, cancellationToken);
            var applied = PolicyChange.Apply(stored.Overrides, change.Values(), system.Value);
            if (applied.Failure is { } invalid)
            {
                return invalid;
            }
            var (overrides, changed) = applied.Value;
            var now = time.GetUtcNow();
            await changes.DecideAsync(change with { Decision = PolicyChangeStatus.Approved, DeciderId = agent.Subject, DecidedAt = now }, version,
                new StoredOverrides(overrides, stored.Version), cancellationToken);
            var data = new PolicyChangedData(team, changed, agent.EventId)
            {
                ChangeId = change.ChangeId,
                RequesterId = EventDataGuard.MaskAddresses(change.RequesterId),
                ApproverId = agent.EventId,
            };
            return await CommitAppliedAsync(agent, team, overrides, now, data, cancellationToken);
        });

    /// <summary>An administrator of the team (the requester too, withdrawing it) rejects a pending change: nothing applies.</summary>
    public Task<Outcome<PolicyChangeView>> RejectAsync(AgentPrincipal agent, string team, string changeId, CancellationToken cancellationToken) =>
        ConcurrencyRetry.DecideAsync<PolicyChangeView>(async () =>
        {
            var found = await FindPendingAsync(agent, team, changeId, cancellationToken);
            if (found.Failure is { } refused)
            {
                return refused;
            }
            var (change, version) = found.Value!;
            var now = time.GetUtcNow();
            var rejected = change with { Decision = PolicyChangeStatus.Rejected, DeciderId = agent.Subject, DecidedAt = now };
            await changes.DecideAsync(rejected, version, null, cancellationToken);
            await sessions.CommitAsync(TeamChange(team, now)
                .Record(RejectedAuditAction, agent.Subject, now, null, new { team, changeId, requesterId = EventDataGuard.MaskAddresses(change.RequesterId) }),
                cancellationToken);
            return PolicyChangeView.Of(rejected, agent.Subject, now);
        });

    /// <summary>The approval rule's verdict on a valid change: the fields it weakens when the team needs approval for them, else none.</summary>
    private List<string> WeakerNeedingApproval(PolicyOverrides current, PolicyOverrides next)
    {
        var before = current.ApplyTo(system.Value);
        return before.PolicyChangesNeedApproval ? [.. PolicyWeakening.WeakenedFields(before, next.ApplyTo(system.Value))] : [];
    }

    /// <summary>Stores a weaker change for a second administrator (event <c>policy.change_requested</c>); the policy stays as it is.</summary>
    private async Task<Outcome<TeamPolicy>> RequestApprovalAsync(AgentPrincipal agent, string team, PolicyOverrides next, IReadOnlyList<string> fields,
        IReadOnlyList<string> weakened, PolicyOverrides current, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var values = fields.ToDictionary(name => name, name => PolicyFields.Named(name)!.OverrideOf(next));
        var change = new PolicyChangeRequest(PolicyChangeRequest.NewId(), team, agent.Subject, now,
            JsonSerializer.Serialize(values, SessionJson.Options), fields, weakened);
        await changes.AddAsync(change, cancellationToken);
        var data = new PolicyChangeRequestedData(team, change.ChangeId, fields, weakened, agent.EventId, change.ExpiresAt);
        await sessions.CommitAsync(TeamChange(team, now)
            .Emit(EventTypes.PolicyChangeRequested, now, data)
            .Record(EventTypes.PolicyChangeRequested, agent.Subject, now, null, data), cancellationToken);
        return TeamPolicyOf(team, current) with
        {
            Pending = PolicyChangeView.Of(change, agent.Subject, now),
        };
    }

    /// <summary>The change to decide, if the caller may and it is still pending: else 400/403, 404 <c>change_not_found</c> or 409 <c>change_not_pending</c>.</summary>
    private async Task<Outcome<(PolicyChangeRequest Change, StoredVersion Version)>> FindPendingAsync(AgentPrincipal agent, string team, string changeId,
        CancellationToken cancellationToken)
    {
        if (Refuse(agent, team) is { } refused)
        {
            return refused;
        }
        if (!PolicyChangeRequest.IsId(changeId))
        {
            return new Failure(FailureKind.Invalid, ErrorCodes.InvalidRequest, "changeId is not a change id.")
            {
                Errors = new Dictionary<string, string[]> { ["changeId"] = ["c_ followed by 24 lowercase hex digits."] },
            };
        }
        if (await changes.FindAsync(team, changeId, cancellationToken) is not { } stored)
        {
            return new Failure(FailureKind.NotFound, PolicyErrorCodes.ChangeNotFound, "No such change of this team's policy.");
        }
        var status = stored.Change.StatusAt(time.GetUtcNow());
        if (status != PolicyChangeStatus.Pending)
        {
            return new Failure(FailureKind.Conflict, PolicyErrorCodes.ChangeNotPending, $"The change is no longer pending: it was {status.ToWire()}.");
        }
        return (stored.Change, stored.Version);
    }
}
