namespace OtpSessions.Core.Policy;

/// <summary>Every policy value the API knows, in the order the API lists them.</summary>
public static class PolicyFields
{
    public static readonly IReadOnlyList<PolicyField> All =
    [
        new("requireOtp", nameof(OtpPolicy.RequireOtp), PolicyFieldKind.Boolean),
        new("requireOtpChannel", nameof(OtpPolicy.RequireOtpChannel), PolicyFieldKind.Boolean),
        new("allowEmailOtp", nameof(OtpPolicy.AllowEmailOtp), PolicyFieldKind.Boolean),
        new("agentCanViewOtp", nameof(OtpPolicy.AgentCanViewOtp), PolicyFieldKind.Boolean),
        new("autoOtpViewDelaySeconds", nameof(OtpPolicy.AutoOtpViewDelay), PolicyFieldKind.Seconds),
        new("agentCanViewDeliveredOtp", nameof(OtpPolicy.AgentCanViewDeliveredOtp), PolicyFieldKind.Boolean),
        new("codeLength", nameof(OtpPolicy.Length), PolicyFieldKind.Integer),
        new("codeLifetimeSeconds", nameof(OtpPolicy.Lifetime), PolicyFieldKind.Seconds),
        new("maxAttempts", nameof(OtpPolicy.MaxAttempts), PolicyFieldKind.Integer),
        new("lockoutSeconds", nameof(OtpPolicy.Lockout), PolicyFieldKind.Seconds),
        new("maxLockouts", nameof(OtpPolicy.MaxLockouts), PolicyFieldKind.Integer),
        new("resendCooldownSeconds", nameof(OtpPolicy.ResendCooldown), PolicyFieldKind.Seconds),
        new("maxSendsPerHour", nameof(OtpPolicy.MaxSendsPerHour), PolicyFieldKind.Integer),
        new("inviteLinkLifetimeSeconds", nameof(OtpPolicy.InviteLinkLifetime), PolicyFieldKind.Seconds),
        new("sessionLifetimeSeconds", nameof(OtpPolicy.SessionLifetime), PolicyFieldKind.Seconds),
        new("accessTokenLifetimeSeconds", nameof(OtpPolicy.AccessTokenLifetime), PolicyFieldKind.Seconds),
        new("allowedSmsCountries", nameof(OtpPolicy.AllowedSmsCountries), PolicyFieldKind.Countries),
        new("allowPasskeys", nameof(OtpPolicy.AllowPasskeys), PolicyFieldKind.Boolean),
        new("policyChangesNeedApproval", nameof(OtpPolicy.PolicyChangesNeedApproval), PolicyFieldKind.Boolean),
    ];

    public static PolicyField? Named(string name) => All.FirstOrDefault(f => f.Name == name);

    public static PolicyField? ForProperty(string property) => All.FirstOrDefault(f => f.Property == property);

    /// <summary>The overridden values alone, by API name (<c>GET /api/admin/teams/{team}/policy</c>).</summary>
    public static IReadOnlyDictionary<string, object> OverridesView(PolicyOverrides overrides) =>
        All.Select(f => (f.Name, Value: f.OverrideOf(overrides))).Where(v => v.Value is not null).ToDictionary(v => v.Name, v => v.Value!);
}
