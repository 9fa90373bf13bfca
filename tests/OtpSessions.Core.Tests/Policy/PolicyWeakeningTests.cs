using System.Text.Json;
using OtpSessions.Core.Policy;

namespace OtpSessions.Core.Tests.Policy;

/// <summary>
/// The one rule for a weaker policy, field by field and both ways: a change that tightens a value applies at once; one that
/// weakens it waits for a second administrator. Judged on effective values, so removing an override weakens exactly when
/// the system value it falls back to is weaker.
/// </summary>
public sealed class PolicyWeakeningTests
{
    private static readonly OtpPolicy System = new();

    private static IReadOnlyList<string> Weakened(string current, string body, OtpPolicy? system = null)
    {
        var before = Overrides(current);
        var (after, _) = PolicyChange.Apply(before, JsonDocument.Parse(body).RootElement, system ?? System).Value;
        return PolicyWeakening.WeakenedFields(before.ApplyTo(system ?? System), after.ApplyTo(system ?? System));
    }

    private static PolicyOverrides Overrides(string json) => PolicyChange.Apply(new PolicyOverrides(), JsonDocument.Parse(json).RootElement, System).Value.Overrides;

    /// <summary>Per field: a stronger and a weaker value, both inside the bounds.</summary>
    public static TheoryData<string, string, string> Fields() => new()
    {
        { "requireOtp", "true", "false" },
        { "requireOtpChannel", "true", "false" },
        { "allowEmailOtp", "false", "true" },
        { "allowPasskeys", "false", "true" },
        { "agentCanViewOtp", "false", "true" },
        { "autoOtpViewDelaySeconds", "120", "30" },
        { "agentCanViewDeliveredOtp", "false", "true" },
        { "codeLength", "8", "6" },
        { "codeLifetimeSeconds", "120", "600" },
        { "maxAttempts", "3", "8" },
        { "lockoutSeconds", "1800", "600" },
        { "maxLockouts", "2", "4" },
        { "resendCooldownSeconds", "60", "10" },
        { "maxSendsPerHour", "3", "8" },
        { "inviteLinkLifetimeSeconds", "3600", "172800" },
        { "sessionLifetimeSeconds", "7200", "172800" },
        { "accessTokenLifetimeSeconds", "1800", "7200" },
        { "allowedSmsCountries", """["US"]""", """["US","CA","MX"]""" },
        { "policyChangesNeedApproval", "true", "false" },
    };

    [Theory]
    [MemberData(nameof(Fields))]
    public void Tightening_a_field_weakens_nothing_and_loosening_it_weakens_that_field(string field, string stronger, string weaker)
    {
        Assert.Empty(Weakened($$"""{"{{field}}":{{weaker}}}""", $$"""{"{{field}}":{{stronger}}}"""));
        Assert.Equal([field], Weakened($$"""{"{{field}}":{{stronger}}}""", $$"""{"{{field}}":{{weaker}}}"""));
        Assert.Empty(Weakened($$"""{"{{field}}":{{stronger}}}""", $$"""{"{{field}}":{{stronger}}}"""));
    }

    [Theory]
    [MemberData(nameof(Fields))]
    public void Removing_an_override_weakens_when_the_system_value_is_weaker_and_not_when_it_is_stronger(string field, string stronger, string weaker)
    {
        var remove = $$"""{"{{field}}":null}""";
        // The team holds the stronger value and the system the weaker one: back to the system value weakens…
        var weakSystem = Overrides($$"""{"{{field}}":{{weaker}}}""").ApplyTo(System);
        Assert.Equal([field], Weakened($$"""{"{{field}}":{{stronger}}}""", remove, weakSystem));
        // …and the other way round it tightens.
        var strongSystem = Overrides($$"""{"{{field}}":{{stronger}}}""").ApplyTo(System);
        Assert.Empty(Weakened($$"""{"{{field}}":{{weaker}}}""", remove, strongSystem));
    }

    [Fact]
    public void Every_policy_field_has_a_direction_and_the_table_covers_them_all()
    {
        Assert.Equal(PolicyFields.All.Select(f => f.Name).Order(), PolicyWeakening.Directions.Keys.Order());
        Assert.Equal(PolicyFields.All.Select(f => f.Name).Order(), Fields().Select(row => (string)row[0]).Order());
    }

    [Theory]
    [InlineData("""["US","CA"]""", "[]", true)]
    [InlineData("[]", """["US"]""", false)]
    [InlineData("[]", "[]", false)]
    [InlineData("""["US","CA"]""", """["CA","US"]""", false)]
    [InlineData("""["US","CA"]""", """["GB"]""", true)]
    public void Allowing_every_country_or_any_new_one_weakens_sms_countries(string before, string after, bool weakens)
    {
        var weakened = Weakened($$"""{"allowedSmsCountries":{{before}}}""", $$"""{"allowedSmsCountries":{{after}}}""");

        Assert.Equal(weakens, weakened.Contains("allowedSmsCountries"));
    }

    [Fact]
    public void A_body_that_tightens_one_field_and_weakens_another_names_only_the_weakened_one()
    {
        Assert.Equal(["requireOtp"], Weakened("{}", """{"codeLength":8,"requireOtp":false}"""));
    }

    [Fact]
    public void A_change_request_is_pending_until_decided_and_expires_after_seven_days()
    {
        var at = new DateTimeOffset(2030, 1, 1, 9, 0, 0, TimeSpan.Zero);
        var change = new PolicyChangeRequest(PolicyChangeRequest.NewId(), "retail", "admin-1", at, """{"requireOtp":false}""", ["requireOtp"], ["requireOtp"]);

        Assert.True(PolicyChangeRequest.IsId(change.ChangeId));
        Assert.False(PolicyChangeRequest.IsId("c_" + new string('G', 24)));
        Assert.Equal(PolicyChangeStatus.Pending, change.StatusAt(at + TimeSpan.FromDays(7) - TimeSpan.FromSeconds(1)));
        Assert.Equal(PolicyChangeStatus.Expired, change.StatusAt(at + TimeSpan.FromDays(7)));
        Assert.Equal(PolicyChangeStatus.Rejected, (change with { Decision = PolicyChangeStatus.Rejected }).StatusAt(at + TimeSpan.FromDays(8)));
        Assert.False(change.Values().GetProperty("requireOtp").GetBoolean());
    }
}
