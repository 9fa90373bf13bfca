using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Reflection;

namespace OtpSessions.Core.Policy;

/// <summary>How a policy value travels in the API: a boolean, a whole number, a duration in whole seconds, or country codes.</summary>
public enum PolicyFieldKind
{
    Boolean,
    Integer,
    Seconds,
    Countries,
}

/// <summary>
/// One policy value as the API names it (<c>GET /api/policy</c>, the admin policy endpoints) and the
/// <see cref="OtpPolicy"/> / <see cref="PolicyOverrides"/> property (the same name on both) that holds it.
/// </summary>
public sealed record PolicyField(string Name, string Property, PolicyFieldKind Kind)
{
    private PropertyInfo PolicyProperty => typeof(OtpPolicy).GetProperty(Property)!;

    private PropertyInfo OverrideProperty => typeof(PolicyOverrides).GetProperty(Property)!;

    /// <summary>The allowed range in API units (seconds for durations), from the bound on <see cref="OtpPolicy"/>; null when unbounded.</summary>
    public (long Min, long Max)? Range => PolicyProperty.GetCustomAttribute<RangeAttribute>() is { } range
        ? Kind == PolicyFieldKind.Seconds
            ? ((long)Parse(range.Minimum).TotalSeconds, (long)Parse(range.Maximum).TotalSeconds)
            : (Convert.ToInt64(range.Minimum, CultureInfo.InvariantCulture), Convert.ToInt64(range.Maximum, CultureInfo.InvariantCulture))
        : null;

    /// <summary>The value as the API shows it (seconds for durations).</summary>
    public object? ToApi(object? value) => value is TimeSpan span ? (long)span.TotalSeconds : value;

    public object? OverrideOf(PolicyOverrides overrides) => ToApi(OverrideProperty.GetValue(overrides));

    /// <summary>A copy of <paramref name="overrides"/> with this value set (null removes the override).</summary>
    public PolicyOverrides With(PolicyOverrides overrides, object? value)
    {
        var copy = overrides with { };
        OverrideProperty.SetValue(copy, value);
        return copy;
    }

    private static TimeSpan Parse(object bound) => bound as TimeSpan? ?? TimeSpan.Parse((string)bound, CultureInfo.InvariantCulture);
}

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
        new("policyChangesNeedApproval", nameof(OtpPolicy.PolicyChangesNeedApproval), PolicyFieldKind.Boolean),
    ];

    public static PolicyField? Named(string name) => All.FirstOrDefault(f => f.Name == name);

    public static PolicyField? ForProperty(string property) => All.FirstOrDefault(f => f.Property == property);

    /// <summary>The overridden values alone, by API name (<c>GET /api/admin/teams/{team}/policy</c>).</summary>
    public static IReadOnlyDictionary<string, object> OverridesView(PolicyOverrides overrides) =>
        All.Select(f => (f.Name, Value: f.OverrideOf(overrides))).Where(v => v.Value is not null).ToDictionary(v => v.Name, v => v.Value!);
}

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
    bool PolicyChangesNeedApproval)
{
    public static PolicyView Of(string? team, OtpPolicy p)
    {
        ArgumentNullException.ThrowIfNull(p);
        return new(team, p.RequireOtp, p.RequireOtpChannel, p.AllowEmailOtp, p.AgentCanViewOtp, Seconds(p.AutoOtpViewDelay),
            p.AgentCanViewDeliveredOtp, p.Length, Seconds(p.Lifetime), p.MaxAttempts,
            Seconds(p.Lockout), p.MaxLockouts, Seconds(p.ResendCooldown), p.MaxSendsPerHour, Seconds(p.InviteLinkLifetime), Seconds(p.SessionLifetime),
            Seconds(p.AccessTokenLifetime), p.AllowedSmsCountries, p.PolicyChangesNeedApproval);
    }

    private static long Seconds(TimeSpan span) => (long)span.TotalSeconds;
}
