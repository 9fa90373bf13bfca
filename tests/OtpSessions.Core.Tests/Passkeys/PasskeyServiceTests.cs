using System.Text.Json;
using OtpSessions.Core.Common;
using OtpSessions.Core.Events;
using OtpSessions.Core.Join;
using OtpSessions.Core.Otp;
using OtpSessions.Core.Passkeys;
using OtpSessions.Core.Policy;
using OtpSessions.Core.Sessions;
using OtpSessions.Core.Tests.Support;
using OtpSessions.Testing;
using OtpSessions.Testing.InMemory;

namespace OtpSessions.Core.Tests.Passkeys;

/// <summary>
/// The passkey rules of the application service on the in-memory stores. The ceremonies' cryptography is the WebAuthn
/// port's (Fido2, exercised in a real Chromium by the browser tests); here a scripted port answers "verified with counter
/// n" or "not verified", so what is tested is what the service decides: single-use challenges, counters, the limit, and
/// a failed assertion counted as a wrong attempt.
/// </summary>
public sealed class PasskeyServiceTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    private readonly InMemoryApp _app;
    private readonly InMemoryPasskeyStore _passkeys = new();
    private readonly JoinService _join;
    private readonly PasskeyService _service;

    public PasskeyServiceTests() : this(new OtpPolicy())
    {
    }

    private PasskeyServiceTests(OtpPolicy policy)
    {
        _app = new InMemoryApp(policy);
        var protector = new AesGcmCodeProtector(_app.Keyring);
        var owners = new PasskeyOwners(_app.Keyring);
        _join = new JoinService(_app.Sessions, new OtpCodeIssuer(new OtpCodeGenerator(), protector), protector, _app.TokenFactory, _app.Budgets,
            _passkeys, owners, _app.Time);
        _service = new PasskeyService(_join, _app.Sessions, _passkeys, new InMemoryPasskeyChallengeStore(), owners, new ScriptedWebAuthn(), _app.Time);
    }

    [Fact]
    public async Task A_passkey_saved_after_a_code_lets_the_next_entry_in_without_a_code_with_method_passkey()
    {
        var (invite, access, p) = await EnterWithCodeAsync();
        var saved = await RegisterAsync(access, "cred-1");
        Assert.Equal("cred-1", saved.Value!.PasskeyId);
        Assert.True((await _join.OpenAsync(invite, None)).Value!.Authentication.Passkey);

        var entered = await _service.VerifyAsync(invite, Assertion(await EntryChallengeAsync(invite), "cred-1", signCount: 1), None);

        Assert.True(entered.IsSuccess, entered.Failure?.Code);
        var snapshot = await _app.ParticipantAsync(p.SessionId, p.ParticipantId);
        var after = snapshot.Participant;
        Assert.Equal(ParticipantStatus.Authenticated, after.Status);
        Assert.Equal(EntryMethod.Passkey, ParticipantView.Of(snapshot.Session, after, _app.Time.GetUtcNow()).Method);  // the agent sees how
        Assert.Equal(EntryMethod.Passkey, after.AccessTokens[^1].Method);
        Assert.Null(after.OtpState.CodeId);  // no code was issued for this entry
        Assert.Contains(_app.Sessions.Events, e => e.Type == EventTypes.ParticipantPasskeyAdded);
        Assert.Contains(_app.Sessions.Events, e => e.Type == EventTypes.ParticipantAuthenticated && e.DataJson.Contains("\"method\":\"passkey\"", StringComparison.Ordinal));
        Assert.Equal(1u, (await _passkeys.FindAsync(OwnerKey(after), "cred-1", None))!.SignCount);
    }

    [Fact]
    public async Task A_challenge_answers_once_a_replayed_registration_is_refused()
    {
        var (_, access, _) = await EnterWithCodeAsync();
        var options = (await _service.RegistrationOptionsAsync(access, None))!.Value;
        var response = Registration(options, "cred-1");

        Assert.True((await _service.RegisterAsync(access, response, None))!.IsSuccess);
        var replayed = await _service.RegisterAsync(access, Registration(options, "cred-2"), None);

        Assert.Equal(PasskeyErrorCodes.PasskeyInvalid, replayed!.Failure?.Code);
    }

    [Fact]
    public async Task A_replayed_assertion_or_a_counter_that_did_not_grow_is_refused_and_counts_as_a_wrong_attempt()
    {
        var (invite, access, p) = await EnterWithCodeAsync();
        await RegisterAsync(access, "cred-1");
        var challenge = await EntryChallengeAsync(invite);
        Assert.True((await _service.VerifyAsync(invite, Assertion(challenge, "cred-1", signCount: 5), None)).IsSuccess);

        var replay = await _service.VerifyAsync(invite, Assertion(challenge, "cred-1", signCount: 6), None);
        var sameCounter = await _service.VerifyAsync(invite, Assertion(await EntryChallengeAsync(invite), "cred-1", signCount: 5), None);

        Assert.Equal(PasskeyErrorCodes.PasskeyInvalid, replay.Failure?.Code);
        Assert.Equal(4, replay.Failure!.Extensions!["attemptsRemaining"]);
        Assert.Equal(PasskeyErrorCodes.PasskeyInvalid, sameCounter.Failure?.Code);
        Assert.Equal(3, sameCounter.Failure!.Extensions!["attemptsRemaining"]);
        Assert.Equal(2, (await _app.ParticipantAsync(p.SessionId, p.ParticipantId)).Participant.OtpState.FailedAttempts);
    }

    [Fact]
    public async Task Failed_assertions_lock_the_participant_as_wrong_codes_do_and_a_locked_participant_gets_no_options()
    {
        var (invite, access, _) = await EnterWithCodeAsync();
        await RegisterAsync(access, "cred-1");

        Outcome<AccessTokenView>? last = null;
        for (var i = 0; i < new OtpPolicy().MaxAttempts; i++)
        {
            last = await _service.VerifyAsync(invite, Assertion(await EntryChallengeAsync(invite), "cred-1", signCount: 1, verifies: false), None);
        }

        Assert.Equal(OtpErrorCodes.ParticipantLocked, last!.Failure?.Code);
        Assert.Equal(OtpErrorCodes.ParticipantLocked, (await _service.AuthenticationOptionsAsync(invite, None)).Failure?.Code);
    }

    [Fact]
    public async Task A_sixth_passkey_is_refused()
    {
        var (_, access, _) = await EnterWithCodeAsync();
        for (var i = 0; i < PasskeyRules.MaxPerPerson; i++)
        {
            Assert.True((await RegisterAsync(access, $"cred-{i}")).IsSuccess);
        }

        Assert.Equal(PasskeyErrorCodes.PasskeyLimitReached, (await _service.RegistrationOptionsAsync(access, None))!.Failure?.Code);
    }

    [Fact]
    public async Task An_expired_entry_challenge_is_refused()
    {
        var (invite, access, _) = await EnterWithCodeAsync();
        await RegisterAsync(access, "cred-1");
        var challenge = await EntryChallengeAsync(invite);

        _app.Time.Advance(PasskeyRules.ChallengeLifetime + TimeSpan.FromSeconds(1));

        Assert.Equal(PasskeyErrorCodes.PasskeyInvalid, (await _service.VerifyAsync(invite, Assertion(challenge, "cred-1", 1), None)).Failure?.Code);
    }

    [Fact]
    public async Task Without_passkeys_in_the_policy_nothing_is_offered_or_saved()
    {
        var off = new PasskeyServiceTests(new OtpPolicy { AllowPasskeys = false });
        var (invite, access, _) = await off.EnterWithCodeAsync();

        Assert.Equal(PasskeyErrorCodes.PasskeyNotAvailable, (await off._service.RegistrationOptionsAsync(access, None))!.Failure?.Code);
        Assert.Equal(PasskeyErrorCodes.PasskeyNotAvailable, (await off._service.AuthenticationOptionsAsync(invite, None)).Failure?.Code);
        Assert.False((await off._join.OpenAsync(invite, None)).Value!.Authentication.Passkey);
    }

    [Fact]
    public async Task A_passkey_follows_the_address_into_a_later_session()
    {
        var (_, access, _) = await EnterWithCodeAsync();
        await RegisterAsync(access, "cred-1");

        var (laterInvite, _) = await StartAsync();

        Assert.True((await _join.OpenAsync(laterInvite, None)).Value!.Authentication.Passkey);
        Assert.True((await _service.AuthenticationOptionsAsync(laterInvite, None)).IsSuccess);
    }

    private async Task<(string Invite, Participant Participant)> StartAsync()
    {
        var session = await _app.StartAsync(InMemoryApp.Agent());
        var p = (await _app.ParticipantAsync(session.SessionId, session.Participants[0].ParticipantId)).Participant;
        return ("Invite " + _app.InviteTokenOf(p), p);
    }

    /// <summary>The primary participant enters with the right code: its invite and access credentials.</summary>
    private async Task<(string Invite, string Access, Participant Participant)> EnterWithCodeAsync()
    {
        var (invite, p) = await StartAsync();
        Assert.True((await _join.RequestOtpAsync(invite, None)).IsSuccess);
        var state = (await _app.ParticipantAsync(p.SessionId, p.ParticipantId)).Participant.OtpState;
        Assert.True(new AesGcmCodeProtector(_app.Keyring).TryUnprotect(state.ProtectedCode!, new CodeBinding(p.SessionId, p.ParticipantId, state.CodeId!), out var code));
        var entered = await _join.VerifyAsync(invite, new VerifyInput(code), None);
        return (invite, "Bearer " + entered.Value!.AccessToken, p);
    }

    private async Task<Outcome<PasskeyCreated>> RegisterAsync(string access, string credentialId)
    {
        var options = (await _service.RegistrationOptionsAsync(access, None))!;
        Assert.True(options.IsSuccess, options.Failure?.Code);
        return (await _service.RegisterAsync(access, Registration(options.Value, credentialId), None))!;
    }

    private async Task<string> EntryChallengeAsync(string invite)
    {
        var options = await _service.AuthenticationOptionsAsync(invite, None);
        Assert.True(options.IsSuccess, options.Failure?.Code);
        return options.Value.GetProperty("challenge").GetString()!;
    }

    private string OwnerKey(Participant p) => new PasskeyOwners(_app.Keyring).KeyOf(PasskeyRules.AddressOf(p));

    private static JsonElement Registration(JsonElement options, string credentialId) => ScriptedWebAuthn.Registration(options, credentialId);

    private static JsonElement Assertion(string challenge, string credentialId, uint signCount, bool verifies = true) =>
        ScriptedWebAuthn.Assertion(challenge, credentialId, signCount, verifies);
}
