namespace OtpSessions.Core.Policy;

/// <summary>
/// The one rule for "does this change weaken the policy": judged field by field on <b>effective</b> values (system
/// settings with the team's overrides), so removing an override weakens when the system value it falls back to is
/// weaker. Weaker means turning off <c>requireOtp</c>, <c>requireOtpChannel</c> or <c>policyChangesNeedApproval</c>;
/// allowing email codes, agent code views, delivered-code views or passkeys; allowing more SMS countries (or all); raising a
/// lifetime, <c>maxAttempts</c>, <c>maxLockouts</c> or <c>maxSendsPerHour</c>; lowering <c>codeLength</c>, the lockout,
/// the resend cooldown or <c>autoOtpViewDelaySeconds</c>.
/// </summary>
public static class PolicyWeakening
{
    /// <summary>Every policy field's stronger direction, by API name (a test holds it to <see cref="PolicyFields.All"/>).</summary>
    public static readonly IReadOnlyDictionary<string, StrongerWhen> Directions = new Dictionary<string, StrongerWhen>(StringComparer.Ordinal)
    {
        ["requireOtp"] = StrongerWhen.True,
        ["requireOtpChannel"] = StrongerWhen.True,
        ["allowEmailOtp"] = StrongerWhen.False,
        ["agentCanViewOtp"] = StrongerWhen.False,
        ["autoOtpViewDelaySeconds"] = StrongerWhen.Higher,
        ["agentCanViewDeliveredOtp"] = StrongerWhen.False,
        ["codeLength"] = StrongerWhen.Higher,
        ["codeLifetimeSeconds"] = StrongerWhen.Lower,
        ["maxAttempts"] = StrongerWhen.Lower,
        ["lockoutSeconds"] = StrongerWhen.Higher,
        ["maxLockouts"] = StrongerWhen.Lower,
        ["resendCooldownSeconds"] = StrongerWhen.Higher,
        ["maxSendsPerHour"] = StrongerWhen.Lower,
        ["inviteLinkLifetimeSeconds"] = StrongerWhen.Lower,
        ["sessionLifetimeSeconds"] = StrongerWhen.Lower,
        ["accessTokenLifetimeSeconds"] = StrongerWhen.Lower,
        ["allowedSmsCountries"] = StrongerWhen.FewerCountries,
        ["allowPasskeys"] = StrongerWhen.False,
        ["policyChangesNeedApproval"] = StrongerWhen.True,
    };

    /// <summary>The API names of the fields whose effective value is weaker in <paramref name="after"/> than in <paramref name="before"/>.</summary>
    public static IReadOnlyList<string> WeakenedFields(OtpPolicy before, OtpPolicy after)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        return [.. PolicyFields.All.Where(field => Weakens(Directions[field.Name], ValueOf(field, before), ValueOf(field, after))).Select(f => f.Name)];
    }

    private static object? ValueOf(PolicyField field, OtpPolicy policy) => typeof(OtpPolicy).GetProperty(field.Property)!.GetValue(policy);

    private static bool Weakens(StrongerWhen stronger, object? before, object? after) => stronger switch
    {
        StrongerWhen.True => before is true && after is false,
        StrongerWhen.False => before is false && after is true,
        StrongerWhen.Higher => Compare(after, before) < 0,
        StrongerWhen.Lower => Compare(after, before) > 0,
        _ => MoreCountries((IReadOnlyList<string>)before!, (IReadOnlyList<string>)after!),
    };

    private static int Compare(object? a, object? b) => Comparer<object>.Default.Compare(a!, b!);

    /// <summary>Whether SMS may go somewhere it could not before (an empty list allows every country).</summary>
    private static bool MoreCountries(IReadOnlyList<string> before, IReadOnlyList<string> after) =>
        before.Count > 0 && (after.Count == 0 || after.Any(c => !before.Contains(c, StringComparer.OrdinalIgnoreCase)));
}
