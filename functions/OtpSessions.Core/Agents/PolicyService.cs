using OtpSessions.Core.Auth;
using OtpSessions.Core.Events;
using OtpSessions.Core.Policy;
using OtpSessions.Core.Sessions;

namespace OtpSessions.Core.Agents;

/// <summary>
/// The policy endpoints: the effective policy for the calling agent, and — for role <c>admin</c> of that team only — a
/// team's overrides and changes to them. A change is version-checked against the stored row (retried on a race), then its audit
/// row and <c>policy.changed</c> event are committed in the team's own partition of the <c>sessions</c> table
/// (<see cref="EventSubjects.TeamPartition"/>), which the outbox publishes like a session's. Running sessions keep the policy they
/// snapshotted when they started; new sessions use the change.
/// </summary>
public sealed partial class PolicyService(EffectivePolicyProvider policies, ITeamPolicyStore teams, IPolicyChangeStore changes, ISessionStore sessions,
    IOptions<OtpPolicy> system, TimeProvider time)
{
    /// <summary>How long the audit rows of a policy change are kept.</summary>
    public static readonly TimeSpan AuditRetention = TimeSpan.FromDays(400);

    public const string AuditAction = "policy.changed";

    public async Task<PolicyView> GetEffectiveAsync(AgentPrincipal agent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(agent);
        return PolicyView.Of(agent.Team, await policies.ForTeamAsync(agent.Team, cancellationToken));
    }

    public async Task<Outcome<IReadOnlyDictionary<string, object>>> GetOverridesAsync(AgentPrincipal agent, string team, CancellationToken cancellationToken)
    {
        if (Refuse(agent, team) is { } refused)
        {
            return refused;
        }
        var stored = await teams.LoadAsync(team, cancellationToken);
        return Outcome<IReadOnlyDictionary<string, object>>.Success(PolicyFields.OverridesView(stored.Overrides));
    }

    /// <param name="agent">The caller; only an administrator may change a policy.</param>
    /// <param name="team">The team whose overrides change.</param>
    /// <param name="body">The fields to set (a value) or remove (<c>null</c>).</param>
    /// <param name="isCurrent">
    /// Whether the overrides as they are now (<see cref="PolicyFields.OverridesView"/>) are the version the caller read
    /// (<c>If-Match</c>); checked against the row the change is then written over, so two administrators cannot
    /// overwrite each other. Null: no precondition.
    /// </param>
    /// <param name="cancellationToken">Cancels the change.</param>
    public Task<Outcome<TeamPolicy>> UpdateAsync(AgentPrincipal agent, string team, JsonElement body,
        Func<IReadOnlyDictionary<string, object>, bool>? isCurrent, CancellationToken cancellationToken) =>
        ConcurrencyRetry.RunAsync<Outcome<TeamPolicy>>(async () =>
        {
            if (Refuse(agent, team) is { } refused)
            {
                return refused;
            }
            var stored = await teams.LoadAsync(team, cancellationToken);
            if (isCurrent is not null && !isCurrent(PolicyFields.OverridesView(stored.Overrides)))
            {
                return new Failure(FailureKind.PreconditionFailed, ErrorCodes.PreconditionFailed,
                    "The team's policy changed since you read it: read it again and repeat your change.");
            }
            var change = PolicyChange.Apply(stored.Overrides, body, system.Value);
            if (change.Failure is { } invalid)
            {
                return invalid;
            }
            var (overrides, changed) = change.Value;
            if (WeakerNeedingApproval(stored.Overrides, overrides) is { Count: > 0 } weakened)
            {
                return await RequestApprovalAsync(agent, team, overrides, changed, weakened, stored.Overrides, cancellationToken);
            }
            await teams.SaveAsync(team, overrides, stored.Version, cancellationToken);
            var now = time.GetUtcNow();
            var data = new PolicyChangedData(team, changed, agent.EventId) { RequesterId = agent.EventId };
            return await CommitAppliedAsync(agent, team, overrides, now, data, cancellationToken);
        });

    /// <summary>
    /// An applied change's event <c>policy.changed</c> and audit row, committed in the team's partition; answered with the
    /// team's policy as it now is.
    /// </summary>
    private async Task<TeamPolicy> CommitAppliedAsync(AgentPrincipal agent, string team, PolicyOverrides overrides, DateTimeOffset now,
        PolicyChangedData data, CancellationToken cancellationToken)
    {
        await sessions.CommitAsync(TeamChange(team, now)
            .Emit(EventTypes.PolicyChanged, now, data)
            .Record(AuditAction, agent.Subject, now, null, data), cancellationToken);
        return TeamPolicyOf(team, overrides);
    }

    /// <summary>A change of the team's partition of the <c>sessions</c> table, whose rows are kept for <see cref="AuditRetention"/>.</summary>
    private static SessionChange TeamChange(string team, DateTimeOffset now) => new(EventSubjects.TeamPartition(team), now + AuditRetention);

    private TeamPolicy TeamPolicyOf(string team, PolicyOverrides overrides) =>
        new(PolicyView.Of(team, overrides.ApplyTo(system.Value)), PolicyFields.OverridesView(overrides));

    /// <summary>A team id that is no team id is 400 <c>invalid_request</c>; anyone but an admin of that very team, 403.</summary>
    private static Failure? Refuse(AgentPrincipal agent, string team)
    {
        ArgumentNullException.ThrowIfNull(agent);
        if (!TeamIds.IsValid(team))
        {
            return new Failure(FailureKind.Invalid, ErrorCodes.InvalidRequest, "team is not a valid team id.")
            {
                Errors = new Dictionary<string, string[]> { ["team"] = [TeamIds.Rule] },
            };
        }
        return agent.IsAdminOf(team)
            ? null
            : new Failure(FailureKind.Forbidden, ErrorCodes.Forbidden,
                "Only an administrator (role admin) of this team (the team claim of the token) may read or change its policy.");
    }
}
