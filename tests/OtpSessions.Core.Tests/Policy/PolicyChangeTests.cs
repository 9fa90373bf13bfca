using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using OtpSessions.Core.Common;
using OtpSessions.Core.Policy;
using OtpSessions.Core.Sessions;

namespace OtpSessions.Core.Tests.Policy;

public sealed class PolicyChangeTests
{
    private static readonly OtpPolicy System = new();

    private static JsonElement Body(string json) => JsonDocument.Parse(json).RootElement;

    private static Failure Fails(string json, PolicyOverrides? current = null)
    {
        var outcome = PolicyChange.Apply(current ?? new PolicyOverrides(), Body(json), System);
        Assert.False(outcome.IsSuccess);
        Assert.Equal(FailureKind.Invalid, outcome.Failure!.Kind);
        return outcome.Failure;
    }

    [Fact]
    public void A_subset_sets_those_overrides_null_removes_one_and_the_changed_names_are_listed()
    {
        var current = new PolicyOverrides { MaxAttempts = 3, AllowEmailOtp = false };

        var outcome = PolicyChange.Apply(current,
            Body("""{"codeLength":8,"codeLifetimeSeconds":300,"maxAttempts":null,"allowedSmsCountries":["us","CA"]}"""), System);

        var (overrides, changed) = outcome.Value;
        Assert.Equal(8, overrides.Length);
        Assert.Equal(TimeSpan.FromMinutes(5), overrides.Lifetime);
        Assert.Null(overrides.MaxAttempts);
        Assert.False(overrides.AllowEmailOtp);
        Assert.Equal(["US", "CA"], overrides.AllowedSmsCountries);
        Assert.Equal(["codeLength", "codeLifetimeSeconds", "maxAttempts", "allowedSmsCountries"], changed);
    }

    [Theory]
    [InlineData("""{"codeLength":5}""", "codeLength", "between 6 and 10")]
    [InlineData("""{"codeLength":11}""", "codeLength", "between 6 and 10")]
    [InlineData("""{"codeLifetimeSeconds":601}""", "codeLifetimeSeconds", "between 60 and 600 seconds")]
    [InlineData("""{"maxSendsPerHour":0}""", "maxSendsPerHour", "between 1 and 100")]
    [InlineData("""{"allowedSmsCountries":["US","XX"]}""", "allowedSmsCountries", "ISO 3166")]
    [InlineData("""{"requireOtp":"yes"}""", "requireOtp", "true, false or null")]
    [InlineData("""{"lockoutSeconds":1.5}""", "lockoutSeconds", "whole number of seconds")]
    [InlineData("""{"team":"retail"}""", "team", "not a policy field")]
    [InlineData("""{"autoOtpViewDelaySeconds":601}""", "autoOtpViewDelaySeconds", "between 0 and 600 seconds")]
    [InlineData("""{"autoOtpViewDelaySeconds":-1}""", "autoOtpViewDelaySeconds", "whole number of seconds")]
    [InlineData("""{"agentCanViewDeliveredOtp":1}""", "agentCanViewDeliveredOtp", "true, false or null")]
    public void Values_outside_the_bounds_or_of_the_wrong_kind_are_refused_per_field(string json, string field, string message)
    {
        var failure = Fails(json);

        Assert.Equal(ErrorCodes.InvalidRequest, failure.Code);
        Assert.Equal([field], failure.Errors!.Keys);
        Assert.Contains(message, failure.Errors[field][0], StringComparison.Ordinal);
    }

    [Fact]
    public void The_auto_otp_view_delay_and_delivered_view_are_overridden_within_0_to_600_seconds()
    {
        var outcome = PolicyChange.Apply(new PolicyOverrides(),
            Body("""{"autoOtpViewDelaySeconds":600,"agentCanViewDeliveredOtp":true}"""), System);

        var (overrides, changed) = outcome.Value;
        Assert.Equal(TimeSpan.FromMinutes(10), overrides.AutoOtpViewDelay);
        Assert.True(overrides.AgentCanViewDeliveredOtp);
        Assert.Equal(["autoOtpViewDelaySeconds", "agentCanViewDeliveredOtp"], changed);
        var effective = overrides.ApplyTo(System);
        Assert.Equal(TimeSpan.FromMinutes(10), effective.AutoOtpViewDelay);
        Assert.True(effective.AgentCanViewDeliveredOtp);
        Assert.Equal(TimeSpan.Zero,
            PolicyChange.Apply(new PolicyOverrides(), Body("""{"autoOtpViewDelaySeconds":0}"""), System).Value.Overrides.AutoOtpViewDelay);
        var view = PolicyView.Of("retail", effective);
        Assert.Equal(600, view.AutoOtpViewDelaySeconds);
        Assert.True(view.AgentCanViewDeliveredOtp);
    }

    [Fact]
    public void The_defaults_are_a_60_second_delay_and_no_view_of_a_delivered_code_also_for_a_snapshot_written_before_them()
    {
        var older = JsonSerializer.Deserialize<OtpPolicy>("""{"length":8,"agentCanViewOtp":true}""", SessionJson.Options)!;

        Assert.Equal(8, older.Length);
        Assert.Equal(TimeSpan.FromSeconds(60), older.AutoOtpViewDelay);
        Assert.False(older.AgentCanViewDeliveredOtp);
        Assert.Equal(TimeSpan.FromSeconds(60), System.AutoOtpViewDelay);
        Assert.False(System.AgentCanViewDeliveredOtp);
    }

    [Fact]
    public void Max_attempts_times_max_lockouts_may_reach_100_but_not_more_counting_the_system_value_too()
    {
        Assert.True(PolicyChange.Apply(new PolicyOverrides(), Body("""{"maxAttempts":20,"maxLockouts":5}"""), System).IsSuccess);

        var both = Fails("""{"maxAttempts":20,"maxLockouts":6}""");
        var one = Fails("""{"maxLockouts":20}""", new PolicyOverrides { MaxAttempts = 6 });

        Assert.Equal(["maxAttempts", "maxLockouts"], both.Errors!.Keys.Order());
        Assert.Equal(["maxLockouts"], one.Errors!.Keys);
        Assert.Contains("at most 100", one.Errors["maxLockouts"][0], StringComparison.Ordinal);
    }

    [Fact]
    public void Every_field_of_the_api_names_a_property_of_the_policy_and_of_the_overrides()
    {
        foreach (var field in PolicyFields.All)
        {
            Assert.NotNull(typeof(OtpPolicy).GetProperty(field.Property));
            Assert.NotNull(typeof(PolicyOverrides).GetProperty(field.Property));
        }
        var overridable = typeof(PolicyOverrides).GetProperties().Where(p => p.CanWrite).Select(p => p.Name).Order();
        Assert.Equal(overridable, PolicyFields.All.Select(f => f.Property).Order());
    }

    [Theory]
    [InlineData(nameof(OtpPolicy.Length), 5)]
    [InlineData(nameof(OtpPolicy.MaxAttempts), 34)]
    public void The_same_bounds_hold_for_the_system_settings(string property, int value)
    {
        var policy = new OtpPolicy();
        typeof(OtpPolicy).GetProperty(property)!.SetValue(policy, value);

        var results = new List<ValidationResult>();
        Assert.False(Validator.TryValidateObject(policy, new ValidationContext(policy), results, validateAllProperties: true));
        Assert.Contains(results, r => r.ErrorMessage!.Contains("OtpPolicy__" + property, StringComparison.Ordinal));
    }

    [Fact]
    public void Lifetimes_longer_than_ten_minutes_are_refused_for_the_system_settings()
    {
        var policy = new OtpPolicy { Lifetime = TimeSpan.FromMinutes(11) };

        Assert.False(Validator.TryValidateObject(policy, new ValidationContext(policy), [], validateAllProperties: true));
    }
}
