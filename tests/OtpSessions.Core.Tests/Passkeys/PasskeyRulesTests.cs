using OtpSessions.Core.Passkeys;
using OtpSessions.Core.Policy;
using OtpSessions.Core.Sessions;

namespace OtpSessions.Core.Tests.Passkeys;

public sealed class PasskeyRulesTests
{
    private static readonly DateTimeOffset Now = new(2030, 3, 4, 9, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(0u, 0u, true)]    // an authenticator without a counter
    [InlineData(0u, 1u, true)]
    [InlineData(5u, 6u, true)]
    [InlineData(5u, 5u, false)]   // did not grow: a clone or a replay
    [InlineData(5u, 4u, false)]
    [InlineData(5u, 0u, false)]   // a counter that was kept and now is not
    public void The_signature_counter_must_grow_once_it_is_kept(uint stored, uint presented, bool accepted) =>
        Assert.Equal(accepted, PasskeyRules.CounterAccepted(stored, presented));

    [Theory]
    [InlineData(EntryMethod.Otp, true)]
    [InlineData(EntryMethod.Passkey, true)]
    [InlineData(EntryMethod.None, false)]
    [InlineData(null, false)]
    public void Only_an_entry_with_a_code_or_a_passkey_may_save_one(EntryMethod? method, bool may) =>
        Assert.Equal(may, PasskeyRules.MayRegister(method));

    [Fact]
    public void Passkeys_are_used_only_where_the_policy_allows_them_and_requires_a_code()
    {
        Assert.True(PasskeyRules.Allowed(new OtpPolicy()));
        Assert.False(PasskeyRules.Allowed(new OtpPolicy { AllowPasskeys = false }));
        Assert.False(PasskeyRules.Allowed(new OtpPolicy { RequireOtp = false }));
    }

    [Fact]
    public void A_challenge_carries_its_expiry_and_is_fresh_only_until_then()
    {
        var challenge = PasskeyChallenge.New("s|p", PasskeyCeremony.Authentication, Now + PasskeyRules.ChallengeLifetime);

        var read = PasskeyChallenge.Read("s|p", PasskeyCeremony.Authentication, challenge.Value);

        Assert.Equal(challenge, read);
        Assert.True(PasskeyRules.Fresh(read!, Now));
        Assert.False(PasskeyRules.Fresh(read!, Now + PasskeyRules.ChallengeLifetime));
        // An expiry further out than a challenge ever lives is not ours.
        Assert.False(PasskeyRules.Fresh(PasskeyChallenge.New("s|p", PasskeyCeremony.Authentication, Now.AddHours(1)), Now));
        Assert.Null(PasskeyChallenge.Read("s|p", PasskeyCeremony.Authentication, "not-a-challenge"));
        Assert.NotEqual(challenge.Value, PasskeyChallenge.New("s|p", PasskeyCeremony.Authentication, challenge.ExpiresAt).Value);
    }
}
