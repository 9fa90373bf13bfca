using System.Text.Json;
using OtpSessions.Core.Common;
using OtpSessions.Core.Policy;

namespace OtpSessions.Core.Tests.Policy;

/// <summary>How a policy change reads each kind of value, and on which fields it reports a rule that spans two.</summary>
public sealed class PolicyChangeEdgeTests
{
    private static readonly OtpPolicy System = new();

    private static Outcome<(PolicyOverrides Overrides, IReadOnlyList<string> Changed)> Apply(string json, PolicyOverrides? current = null) =>
        PolicyChange.Apply(current ?? new PolicyOverrides(), JsonDocument.Parse(json).RootElement, System);

    [Theory]
    [InlineData("""{"codeLength":3000000000}""", "codeLength", "must be a whole number or null.")]
    [InlineData("""{"codeLength":7.5}""", "codeLength", "must be a whole number or null.")]
    [InlineData("""{"codeLength":"8"}""", "codeLength", "must be a whole number or null.")]
    [InlineData("""{"lockoutSeconds":"60"}""", "lockoutSeconds", "must be a whole number of seconds or null.")]
    [InlineData("""{"lockoutSeconds":214748364701}""", "lockoutSeconds", "must be a whole number of seconds or null.")]
    [InlineData("""{"lockoutSeconds":214748364700}""", "lockoutSeconds", "must be between 1 and 86400 seconds.")]
    [InlineData("""{"lockoutSeconds":0}""", "lockoutSeconds", "must be between 1 and 86400 seconds.")]
    [InlineData("""{"allowedSmsCountries":"US"}""", "allowedSmsCountries", "must be an array of ISO 3166 country codes (empty = every country) or null.")]
    [InlineData("""{"allowedSmsCountries":["US",1]}""", "allowedSmsCountries", "must be an array of ISO 3166 country codes (empty = every country) or null.")]
    [InlineData("""{"requireOtp":0}""", "requireOtp", "must be true, false or null.")]
    [InlineData("""{"allowedSmsCountries":["US","XX"]}""", "allowedSmsCountries", "must hold ISO 3166 country codes with phone numbers (e.g. US, GB, DE).")]
    [InlineData("""{"maxSendsPerHour":101}""", "maxSendsPerHour", "must be between 1 and 100.")]
    public void A_value_of_the_wrong_kind_or_out_of_range_is_refused_with_the_fields_own_message(string json, string field, string message)
    {
        var failure = Apply(json).Failure!;

        Assert.Equal([field], failure.Errors!.Keys);
        Assert.Equal([field + " " + message], failure.Errors[field]);
    }

    [Theory]
    [InlineData("""{"requireOtp":false}""", false)]
    [InlineData("""{"requireOtp":true}""", true)]
    [InlineData("""{"requireOtp":null}""", null)]
    public void A_switch_is_set_to_true_or_false_or_removed_by_null(string json, bool? expected)
    {
        var (overrides, changed) = Apply(json, new PolicyOverrides { RequireOtp = true }).Value;

        Assert.Equal(expected, overrides.RequireOtp);
        Assert.Equal(["requireOtp"], changed);
    }

    [Theory]
    [InlineData("""{"lockoutSeconds":1}""", 1)]
    [InlineData("""{"lockoutSeconds":86400}""", 86_400)]
    [InlineData("""{"resendCooldownSeconds":0}""", 0)]
    public void Seconds_at_their_bounds_are_accepted_as_durations(string json, int seconds)
    {
        var overrides = Apply(json).Value.Overrides;

        Assert.Equal(TimeSpan.FromSeconds(seconds), overrides.Lockout ?? overrides.ResendCooldown);
    }

    [Fact]
    public void Countries_are_trimmed_upper_cased_and_listed_once_and_an_empty_list_means_every_country()
    {
        Assert.Equal(["US", "GB"], Apply("""{"allowedSmsCountries":[" us ","US","gb"]}""").Value.Overrides.AllowedSmsCountries);
        Assert.Equal([], Apply("""{"allowedSmsCountries":[]}""").Value.Overrides.AllowedSmsCountries!);
    }

    [Fact]
    public void A_body_that_is_not_an_object_is_refused_as_a_whole()
    {
        foreach (var json in new[] { "[]", "null", "3", "\"codeLength\"" })
        {
            var failure = Apply(json).Failure!;
            Assert.Equal(FailureKind.Invalid, failure.Kind);
            Assert.Equal([""], failure.Errors!.Keys);
        }
    }

    [Fact]
    public void An_empty_body_changes_nothing()
    {
        var current = new PolicyOverrides { Length = 8 };

        var (overrides, changed) = Apply("{}", current).Value;

        Assert.Equal(current, overrides);
        Assert.Empty(changed);
    }

    [Fact]
    public void A_field_given_twice_is_refused()
    {
        var failure = Apply("""{"codeLength":8,"codeLength":9}""").Failure!;

        Assert.Equal(["codeLength is given twice."], failure.Errors!["codeLength"]);
    }

    [Fact]
    public void Every_problem_of_a_body_is_reported_and_the_bounds_are_checked_only_once_the_values_read()
    {
        var failure = Apply("""{"codeLength":"x","maxAttempts":0,"color":1}""").Failure!;

        Assert.Equal(["codeLength", "color"], failure.Errors!.Keys.Order());
    }

    [Fact]
    public void A_rule_over_two_fields_broken_by_stored_overrides_is_reported_on_both_when_the_body_changed_neither()
    {
        var stored = new PolicyOverrides { MaxAttempts = 20, MaxLockouts = 6 };

        var failure = Apply("""{"codeLength":8}""", stored).Failure!;

        Assert.Equal(["maxAttempts", "maxLockouts"], failure.Errors!.Keys.Order());
        Assert.All(failure.Errors.Values, m => Assert.Equal(["maxAttempts × maxLockouts must be at most 100 (NIST SP 800-63B)."], m));
    }

    [Fact]
    public void A_system_value_out_of_bounds_is_reported_whatever_the_body_changed()
    {
        var failure = PolicyChange.Apply(new PolicyOverrides(), JsonDocument.Parse("""{"codeLength":8}""").RootElement,
            new OtpPolicy { MaxSendsPerHour = 0 }).Failure!;

        Assert.Equal(["maxSendsPerHour must be between 1 and 100."], failure.Errors!["maxSendsPerHour"]);
    }
}
