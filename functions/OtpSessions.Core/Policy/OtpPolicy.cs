using System.ComponentModel.DataAnnotations;

namespace OtpSessions.Core.Policy;

/// <summary>
/// The OTP policy (README "Behaviour worth knowing"). System defaults bind from the <c>OtpPolicy</c> settings section;
/// a team's row in the <c>policies</c> table overrides single values (<see cref="PolicyOverrides"/>); the effective
/// policy is snapshotted on the session when it starts, so later changes never alter a running session.
/// </summary>
public sealed class OtpPolicy
{
    public const string SectionName = "OtpPolicy";

    /// <summary>Whether participants must enter a code at all.</summary>
    public bool RequireOtp { get; set; } = true;

    [Range(4, 10)]
    public int Length { get; set; } = 6;

    [Range(typeof(TimeSpan), "00:01:00", "01:00:00")]
    public TimeSpan Lifetime { get; set; } = TimeSpan.FromMinutes(10);

    [Range(1, 20)]
    public int MaxAttempts { get; set; } = 5;

    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan Lockout { get; set; } = TimeSpan.FromMinutes(15);

    [Range(1, 20)]
    public int MaxLockouts { get; set; } = 3;

    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan ResendCooldown { get; set; } = TimeSpan.FromSeconds(30);

    [Range(1, 100)]
    public int MaxSendsPerHour { get; set; } = 5;

    public bool AgentCanViewOtp { get; set; } = true;

    /// <summary>true = every participant must have an OTP channel (Auto OTP for all).</summary>
    public bool RequireOtpChannel { get; set; }

    /// <summary>false = codes may not go by email (NIST SP 800-63B does not count email as out-of-band).</summary>
    public bool AllowEmailOtp { get; set; } = true;

    [Range(typeof(TimeSpan), "00:05:00", "90.00:00:00")]
    public TimeSpan InviteLinkLifetime { get; set; } = TimeSpan.FromDays(7);

    [Range(typeof(TimeSpan), "01:00:00", "365.00:00:00")]
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromDays(30);

    [Range(typeof(TimeSpan), "00:05:00", "30.00:00:00")]
    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromHours(12);

    public OtpPolicy Clone() => (OtpPolicy)MemberwiseClone();
}

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
    public bool? RequireOtpChannel { get; init; }
    public bool? AllowEmailOtp { get; init; }
    public TimeSpan? InviteLinkLifetime { get; init; }
    public TimeSpan? SessionLifetime { get; init; }
    public TimeSpan? AccessTokenLifetime { get; init; }

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
        p.RequireOtpChannel = RequireOtpChannel ?? p.RequireOtpChannel;
        p.AllowEmailOtp = AllowEmailOtp ?? p.AllowEmailOtp;
        p.InviteLinkLifetime = InviteLinkLifetime ?? p.InviteLinkLifetime;
        p.SessionLifetime = SessionLifetime ?? p.SessionLifetime;
        p.AccessTokenLifetime = AccessTokenLifetime ?? p.AccessTokenLifetime;
        return p;
    }
}

/// <summary>Port: a team's overrides (the <c>policies</c> table, PK <c>team</c>, RK team id), or null.</summary>
public interface ITeamPolicyStore
{
    Task<PolicyOverrides?> FindAsync(string teamId, CancellationToken cancellationToken);
}
