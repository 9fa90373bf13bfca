namespace OtpSessions.Core.Policy;

/// <summary>
/// A team's policy after a change: the new effective policy (the answer) and the team's overrides alone (its version); or,
/// when the change weakens the policy and needs a second administrator, the <see cref="Pending"/> change (nothing applied yet).
/// </summary>
public sealed record TeamPolicy(PolicyView Effective, IReadOnlyDictionary<string, object> Overrides)
{
    public PolicyChangeView? Pending { get; init; }
}
