using OtpSessions.Core.Policy;

namespace OtpSessions.Core.Sessions;

/// <summary>The policy a new session snapshots: the system settings (<c>OtpPolicy__*</c>) with its team's overrides applied.</summary>
public sealed class EffectivePolicyProvider(IOptions<OtpPolicy> system, ITeamPolicyStore teams)
{
    public async Task<OtpPolicy> ForTeamAsync(string? team, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(team))
        {
            return system.Value.Clone();
        }
        var overrides = await teams.FindAsync(team, cancellationToken);
        return overrides?.ApplyTo(system.Value) ?? system.Value.Clone();
    }
}
