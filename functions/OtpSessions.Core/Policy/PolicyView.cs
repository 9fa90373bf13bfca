namespace OtpSessions.Core.Policy;

/// <summary>The effective policy for an agent (<c>GET /api/policy</c>): the system settings with its team's overrides applied.</summary>
public sealed record PolicyView(
    string? Team,
    bool RequireOtp,
    bool RequireOtpChannel,
    bool AllowEmailOtp,
    bool AgentCanViewOtp,
    long AutoOtpViewDelaySeconds,
    bool AgentCanViewDeliveredOtp,
    int CodeLength,
    long CodeLifetimeSeconds,
    int MaxAttempts,
    long LockoutSeconds,
    int MaxLockouts,
    long ResendCooldownSeconds,
    int MaxSendsPerHour,
    long InviteLinkLifetimeSeconds,
    long SessionLifetimeSeconds,
    long AccessTokenLifetimeSeconds,
    IReadOnlyList<string> AllowedSmsCountries,
    bool AllowPasskeys,
    bool PolicyChangesNeedApproval)
{
    public static PolicyView Of(string? team, OtpPolicy p)
    {
        ArgumentNullException.ThrowIfNull(p);
        return new(team, p.RequireOtp, p.RequireOtpChannel, p.AllowEmailOtp, p.AgentCanViewOtp, Seconds(p.AutoOtpViewDelay),
            p.AgentCanViewDeliveredOtp, p.Length, Seconds(p.Lifetime), p.MaxAttempts,
            Seconds(p.Lockout), p.MaxLockouts, Seconds(p.ResendCooldown), p.MaxSendsPerHour, Seconds(p.InviteLinkLifetime), Seconds(p.SessionLifetime),
            Seconds(p.AccessTokenLifetime), p.AllowedSmsCountries, p.AllowPasskeys, p.PolicyChangesNeedApproval);
    }

    private static long Seconds(TimeSpan span) => (long)span.TotalSeconds;
}
