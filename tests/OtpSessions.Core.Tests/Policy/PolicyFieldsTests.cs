using System.ComponentModel.DataAnnotations;
using OtpSessions.Core.Policy;

namespace OtpSessions.Core.Tests.Policy;

/// <summary>The policy values as the API names them, the team overrides, and the system policy's own checks.</summary>
public sealed class PolicyFieldsTests
{
    /// <summary>One list for both sides of a view comparison (records compare lists by reference); the countries are asserted apart.</summary>
    private static readonly IReadOnlyList<string> Countries = [];

    [Theory]
    [InlineData("codeLength", 6, 10)]
    [InlineData("codeLifetimeSeconds", 60, 600)]
    [InlineData("maxAttempts", 1, 20)]
    [InlineData("lockoutSeconds", 1, 86_400)]
    [InlineData("maxLockouts", 1, 20)]
    [InlineData("resendCooldownSeconds", 0, 3_600)]
    [InlineData("maxSendsPerHour", 1, 100)]
    [InlineData("autoOtpViewDelaySeconds", 0, 600)]
    [InlineData("inviteLinkLifetimeSeconds", 300, 7_776_000)]
    [InlineData("sessionLifetimeSeconds", 3_600, 31_536_000)]
    [InlineData("accessTokenLifetimeSeconds", 300, 2_592_000)]
    public void A_bounded_field_reports_its_range_in_api_units(string name, long min, long max)
    {
        Assert.Equal((min, max), PolicyFields.Named(name)!.Range);
    }

    [Theory]
    [InlineData("requireOtp")]
    [InlineData("requireOtpChannel")]
    [InlineData("allowEmailOtp")]
    [InlineData("agentCanViewOtp")]
    [InlineData("agentCanViewDeliveredOtp")]
    [InlineData("allowedSmsCountries")]
    public void Switches_and_countries_have_no_range(string name)
    {
        Assert.Null(PolicyFields.Named(name)!.Range);
    }

    [Theory]
    [InlineData("codeLength", "Length")]
    [InlineData("lockoutSeconds", "Lockout")]
    [InlineData("allowedSmsCountries", "AllowedSmsCountries")]
    public void A_field_is_found_by_its_api_name_and_by_its_property_but_not_by_the_other_spelling(string name, string property)
    {
        Assert.Equal(property, PolicyFields.Named(name)!.Property);
        Assert.Equal(name, PolicyFields.ForProperty(property)!.Name);
        Assert.Null(PolicyFields.Named(property));
        Assert.Null(PolicyFields.ForProperty(name));
        Assert.Null(PolicyFields.Named(name.ToUpperInvariant()));
    }

    [Fact]
    public void The_api_shows_durations_in_whole_seconds_and_other_values_as_they_are()
    {
        var seconds = PolicyFields.Named("lockoutSeconds")!;

        Assert.Equal(90L, seconds.ToApi(TimeSpan.FromSeconds(90.7)));
        Assert.Equal(7, seconds.ToApi(7));
        Assert.Equal(true, seconds.ToApi(true));
        Assert.Null(seconds.ToApi(null));
    }

    [Fact]
    public void The_overrides_view_lists_only_the_values_set_by_api_name_with_durations_in_seconds()
    {
        var overrides = new PolicyOverrides { Length = 8, Lockout = TimeSpan.FromMinutes(2), AllowEmailOtp = false, AllowedSmsCountries = ["US"] };

        var view = PolicyFields.OverridesView(overrides);

        Assert.Equal(["allowEmailOtp", "codeLength", "lockoutSeconds", "allowedSmsCountries"], view.Keys);
        Assert.Equal(8, view["codeLength"]);
        Assert.Equal(120L, view["lockoutSeconds"]);
        Assert.Equal(false, view["allowEmailOtp"]);
        Assert.Equal(["US"], (IReadOnlyList<string>)view["allowedSmsCountries"]);
        Assert.Empty(PolicyFields.OverridesView(new PolicyOverrides()));
    }

    [Fact]
    public void With_sets_or_removes_one_override_on_a_copy()
    {
        var field = PolicyFields.Named("maxAttempts")!;
        var original = new PolicyOverrides { MaxAttempts = 3, Length = 8 };

        var set = field.With(original, 7);
        var removed = field.With(original, null);

        Assert.Equal(7, set.MaxAttempts);
        Assert.Equal(8, set.Length);
        Assert.Null(removed.MaxAttempts);
        Assert.Equal(8, removed.Length);
        Assert.Equal(3, original.MaxAttempts);
        Assert.Equal(3, field.OverrideOf(original));
    }

    [Fact]
    public void Overrides_are_empty_until_one_value_is_set()
    {
        Assert.True(new PolicyOverrides().IsEmpty);
        Assert.False(new PolicyOverrides { AllowEmailOtp = false }.IsEmpty);
        Assert.False(new PolicyOverrides { AllowedSmsCountries = [] }.IsEmpty);
    }

    [Fact]
    public void Every_override_replaces_its_system_value_and_the_system_policy_is_left_as_it_was()
    {
        var system = new OtpPolicy();
        var overrides = new PolicyOverrides
        {
            RequireOtp = false,
            Length = 8,
            Lifetime = TimeSpan.FromMinutes(5),
            MaxAttempts = 4,
            Lockout = TimeSpan.FromMinutes(7),
            MaxLockouts = 2,
            ResendCooldown = TimeSpan.FromSeconds(45),
            MaxSendsPerHour = 9,
            AgentCanViewOtp = false,
            AutoOtpViewDelay = TimeSpan.FromSeconds(20),
            AgentCanViewDeliveredOtp = true,
            RequireOtpChannel = true,
            AllowEmailOtp = false,
            InviteLinkLifetime = TimeSpan.FromDays(2),
            SessionLifetime = TimeSpan.FromDays(3),
            AccessTokenLifetime = TimeSpan.FromHours(4),
            AllowedSmsCountries = ["GB"],
            AllowPasskeys = false,
        };

        var effective = overrides.ApplyTo(system);

        Assert.Equal(
            new PolicyView("t", false, true, false, false, 20, true, 8, 300, 4, 420, 2, 45, 9, 172_800, 259_200, 14_400, Countries, false, false),
            PolicyView.Of("t", effective) with { AllowedSmsCountries = Countries });
        Assert.Equal(["GB"], effective.AllowedSmsCountries);
        Assert.Equal(PolicyView.Of("t", new OtpPolicy()) with { AllowedSmsCountries = Countries }, PolicyView.Of("t", system) with { AllowedSmsCountries = Countries });
        Assert.Empty(system.AllowedSmsCountries);
    }

    [Fact]
    public void No_override_keeps_every_system_value()
    {
        var system = new OtpPolicy { Length = 9, Lockout = TimeSpan.FromMinutes(3), AllowedSmsCountries = ["US"], AgentCanViewDeliveredOtp = true };

        var effective = new PolicyOverrides().ApplyTo(system);

        Assert.NotSame(system, effective);
        Assert.Equal(PolicyView.Of(null, system) with { AllowedSmsCountries = Countries }, PolicyView.Of(null, effective) with { AllowedSmsCountries = Countries });
        Assert.Equal(["US"], effective.AllowedSmsCountries);
    }

    [Fact]
    public void The_view_of_the_default_policy_names_the_team_and_every_value_in_api_units()
    {
        var view = PolicyView.Of("retail", new OtpPolicy());

        Assert.Equal(
            new PolicyView("retail", true, false, true, true, 60, false, 6, 600, 5, 900, 3, 30, 5, 604_800, 2_592_000, 43_200, Countries, true, false),
            view with { AllowedSmsCountries = Countries });
        Assert.Empty(view.AllowedSmsCountries);
    }

    [Fact]
    public void A_clone_is_a_separate_policy_with_the_same_values()
    {
        var policy = new OtpPolicy { Length = 8 };

        var clone = policy.Clone();
        clone.Length = 9;

        Assert.Equal(8, policy.Length);
        Assert.Equal(9, clone.Length);
    }

    [Theory]
    [InlineData(new string[0], "FR", true)]
    [InlineData(new[] { "US", "CA" }, "CA", true)]
    [InlineData(new[] { "US", "CA" }, "ca", true)]
    [InlineData(new[] { "us" }, "US", true)]
    [InlineData(new[] { "US", "CA" }, "GB", false)]
    [InlineData(new[] { "US" }, "", false)]
    public void Sms_may_go_to_every_region_or_only_to_the_allowed_ones_in_any_case(string[] allowed, string region, bool expected)
    {
        Assert.Equal(expected, new OtpPolicy { AllowedSmsCountries = allowed }.AllowsSmsTo(region));
    }

    [Theory]
    [InlineData("US", true)]
    [InlineData("gb", true)]
    [InlineData("XX", false)]
    [InlineData("USA", false)]
    [InlineData("U", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void A_region_is_a_two_letter_code_with_phone_numbers(string? code, bool expected)
    {
        Assert.Equal(expected, OtpPolicy.IsRegion(code));
    }

    [Theory]
    [InlineData(20, 5, new string[0], new string[0])]
    [InlineData(10, 10, new[] { "US", "gb" }, new string[0])]
    [InlineData(20, 6, new string[0], new[] { "MaxAttempts", "MaxLockouts" })]
    [InlineData(11, 10, new string[0], new[] { "MaxAttempts", "MaxLockouts" })]
    [InlineData(5, 3, new[] { "US", "XX" }, new[] { "AllowedSmsCountries" })]
    [InlineData(5, 3, new[] { "USA" }, new[] { "AllowedSmsCountries" })]
    public void The_policy_checks_the_guess_limit_and_the_sms_countries(int attempts, int lockouts, string[] countries, string[] blamed)
    {
        var policy = new OtpPolicy { MaxAttempts = attempts, MaxLockouts = lockouts, AllowedSmsCountries = countries };

        var results = policy.Validate(new ValidationContext(policy)).ToList();

        Assert.Equal(blamed, results.SelectMany(r => r.MemberNames));
        Assert.All(results, r => Assert.StartsWith("OtpPolicy__", r.ErrorMessage, StringComparison.Ordinal));
    }
}
