namespace OtpSessions.Core.Policy;

/// <summary>A team's overrides of the system policy: only the values that are set replace the system ones.</summary>
public sealed record PolicyOverrides
{
    public bool? RequireOtp { get; init; }
    public int? Length { get; init; }
    public TimeSpan? Lifetime { get; init; }
    public int? MaxAttempts { get; init; }
    public TimeSpan? Lockout { get; init; }
    public int? MaxLockouts { get; init; }
    public TimeSpan? ResendCooldown { get; init; }
    public int? MaxSendsPerHour { get; init; }
    public bool? AgentCanViewOtp { get; init; }
    public TimeSpan? AutoOtpViewDelay { get; init; }
    public bool? AgentCanViewDeliveredOtp { get; init; }
    public bool? RequireOtpChannel { get; init; }
    public bool? AllowEmailOtp { get; init; }
    public bool? AllowPasskeys { get; init; }
    public TimeSpan? InviteLinkLifetime { get; init; }
    public TimeSpan? SessionLifetime { get; init; }
    public TimeSpan? AccessTokenLifetime { get; init; }
    public IReadOnlyList<string>? AllowedSmsCountries { get; init; }
    public bool? PolicyChangesNeedApproval { get; init; }

    /// <summary>Whether no value is overridden.</summary>
    public bool IsEmpty => typeof(PolicyOverrides).GetProperties().Where(p => p.CanWrite).All(p => p.GetValue(this) is null);

    /// <summary>
    /// These overrides without the values outside the ranges the system policy allows (the same data annotations):
    /// stored overrides written before a range tightened are ignored value by value, not applied. <paramref name="ignored"/>
    /// names the properties dropped.
    /// </summary>
    public PolicyOverrides WithinRange(out IReadOnlyList<string> ignored)
    {
        var effective = ApplyTo(new OtpPolicy());
        var results = new List<ValidationResult>();
        if (Validator.TryValidateObject(effective, new ValidationContext(effective), results, validateAllProperties: true))
        {
            ignored = [];
            return this;
        }
        var dropped = results.SelectMany(r => r.MemberNames).Distinct().Where(m => typeof(PolicyOverrides).GetProperty(m) is not null).ToList();
        var kept = this with { };
        foreach (var member in dropped)
        {
            typeof(PolicyOverrides).GetProperty(member)!.SetValue(kept, null);
        }
        ignored = dropped;
        return kept;
    }

    public OtpPolicy ApplyTo(OtpPolicy system)
    {
        var p = system.Clone();
        p.RequireOtp = RequireOtp ?? p.RequireOtp;
        p.Length = Length ?? p.Length;
        p.Lifetime = Lifetime ?? p.Lifetime;
        p.MaxAttempts = MaxAttempts ?? p.MaxAttempts;
        p.Lockout = Lockout ?? p.Lockout;
        p.MaxLockouts = MaxLockouts ?? p.MaxLockouts;
        p.ResendCooldown = ResendCooldown ?? p.ResendCooldown;
        p.MaxSendsPerHour = MaxSendsPerHour ?? p.MaxSendsPerHour;
        p.AgentCanViewOtp = AgentCanViewOtp ?? p.AgentCanViewOtp;
        p.AutoOtpViewDelay = AutoOtpViewDelay ?? p.AutoOtpViewDelay;
        p.AgentCanViewDeliveredOtp = AgentCanViewDeliveredOtp ?? p.AgentCanViewDeliveredOtp;
        p.RequireOtpChannel = RequireOtpChannel ?? p.RequireOtpChannel;
        p.AllowEmailOtp = AllowEmailOtp ?? p.AllowEmailOtp;
        p.AllowPasskeys = AllowPasskeys ?? p.AllowPasskeys;
        p.InviteLinkLifetime = InviteLinkLifetime ?? p.InviteLinkLifetime;
        p.SessionLifetime = SessionLifetime ?? p.SessionLifetime;
        p.AccessTokenLifetime = AccessTokenLifetime ?? p.AccessTokenLifetime;
        p.AllowedSmsCountries = AllowedSmsCountries ?? p.AllowedSmsCountries;
        p.PolicyChangesNeedApproval = PolicyChangesNeedApproval ?? p.PolicyChangesNeedApproval;
        return p;
    }
}
