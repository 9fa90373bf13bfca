using Moq;
using OtpSessions.Core.Common;
using OtpSessions.Core.Join;
using OtpSessions.Core.Messaging;
using OtpSessions.Core.Sessions;
using OtpSessions.Infrastructure.Tests.Join;

namespace OtpSessions.Infrastructure.Tests;

/// <summary>
/// Storage round trips per customer endpoint, counted on the storage clients themselves (every table and queue request
/// that leaves the process, retries included). The counts are deterministic: a change that adds a round trip to the hot
/// path turns this red; one that removes one lowers the number here.
/// </summary>
[Collection(StorageCollection.Name)]
public sealed class CustomerRequestCountTests(StorageFixture storage)
{
    private readonly JoinTestApp _app = new(storage);

    [Fact]
    public async Task Each_customer_endpoint_makes_a_fixed_number_of_storage_requests()
    {
        var (view, token, _) = await _app.StartAsync();
        var invite = JoinTestApp.Invite(token);
        var participantId = view.Participants[0].ParticipantId;
        var counts = new Dictionary<string, long>();

        counts["GET /api/join (first open)"] = await CountAsync(() => _app.Join.OpenAsync(invite, CancellationToken.None));
        counts["GET /api/join (again)"] = await CountAsync(() => _app.Join.OpenAsync(invite, CancellationToken.None));
        counts["POST /api/join/otp (code issued and queued)"] = await CountAsync(() => _app.Join.RequestOtpAsync(invite, CancellationToken.None));
        counts["POST /api/join/otp (code active)"] = await CountAsync(() => _app.Join.RequestOtpAsync(invite, CancellationToken.None));
        var code = await _app.CodeOfAsync(view.SessionId, participantId);
        var wrong = code[..^1] + (code[^1] == '0' ? '1' : '0');
        counts["POST /api/join/otp/verify (wrong code)"] = await CountAsync(() =>
            _app.Join.VerifyAsync(invite, new VerifyInput(wrong), CancellationToken.None));
        Outcome<AccessTokenView>? verified = null;
        counts["POST /api/join/otp/verify (right code)"] = await CountAsync(async () =>
            verified = await _app.Join.VerifyAsync(invite, new VerifyInput(code), CancellationToken.None));
        var bearer = "Bearer " + verified!.Value!.AccessToken;
        counts["GET /api/join/me"] = await CountAsync(() => _app.Join.MeAsync(bearer, CancellationToken.None));
        counts["POST /api/join/signout"] = await CountAsync(() => _app.Join.SignOutAsync(bearer, CancellationToken.None));

        Assert.Equal(Expected, counts);
    }

    /// <summary>
    /// A customer request reads the participant's row alone, by its keys (it carries the session's copy): Azurite answers a
    /// query by scanning the whole table, and a point read is the cheapest read Table Storage has. The delivery worker
    /// still reads the session row and the delivery record with it, in one query.
    /// </summary>
    [Fact]
    public async Task Customer_requests_read_the_participant_row_by_its_keys()
    {
        var (view, token, _) = await _app.StartAsync();
        var invite = JoinTestApp.Invite(token);
        await _app.Join.OpenAsync(invite, CancellationToken.None);
        var otpPage = await KindsAsync(() => _app.Join.RequestOtpAsync(invite, CancellationToken.None));
        var message = JoinTestApp.Parse(Assert.Single(await _app.DrainOtpMessagesAsync(view.SessionId)));
        var code = await _app.CodeOfAsync(view.SessionId, message.ParticipantId);
        var worker = await KindsAsync(() => _app.Deliveries.SendAsync(message, CancellationToken.None));
        Outcome<AccessTokenView>? verified = null;
        var verify = await KindsAsync(async () => verified = await _app.Join.VerifyAsync(invite, new VerifyInput(code), CancellationToken.None));
        var me = await KindsAsync(() => _app.Join.MeAsync("Bearer " + verified!.Value!.AccessToken, CancellationToken.None));

        // The code's send counts against the send budgets: the address's counter is read and written back (ETag-checked);
        // the agent, team and app budgets are spent from blocks this instance leased when the invitations went out.
        Assert.Equal(new Dictionary<string, long>
        {
            ["GET sessions(key)"] = 1, ["POST $batch"] = 1, ["POST otp-deliveries/messages"] = 1,
            ["GET sendbudgets(key)"] = 1, ["write sendbudgets"] = 1,
        }, otpPage);
        Assert.Equal(new Dictionary<string, long> { ["GET sessions()"] = 1, ["POST $batch"] = 1 }, worker);
        Assert.Equal(new Dictionary<string, long> { ["GET sessions(key)"] = 1, ["POST $batch"] = 1 }, verify);
        Assert.Equal(new Dictionary<string, long> { ["GET sessions(key)"] = 1 }, me);
    }

    /// <summary>
    /// The delivery worker records a send in the participant's delivery record, not on the participant row: a customer who
    /// enters the code the instant it arrives — before the worker has recorded the send — makes neither side read and
    /// write again (on one row, one of the two would lose the ETag race: two requests more).
    /// </summary>
    [Fact]
    public async Task A_code_entered_while_its_send_is_being_recorded_costs_no_extra_storage_request()
    {
        var (view, token, _) = await _app.StartAsync();
        var invite = JoinTestApp.Invite(token);
        await _app.Join.RequestOtpAsync(invite, CancellationToken.None);
        var message = JoinTestApp.Parse(Assert.Single(await _app.DrainOtpMessagesAsync(view.SessionId)));
        var code = await _app.CodeOfAsync(view.SessionId, message.ParticipantId);
        _app.Sessions.Sms.Setup(s => s.SendAsync(It.IsAny<SmsMessage>(), It.IsAny<CancellationToken>()))
            .Returns(async (SmsMessage _, CancellationToken ct) =>
            {
                Assert.True((await _app.Join.VerifyAsync(invite, new VerifyInput(code), ct)).IsSuccess);
                return SendResult.Success("sms-" + Guid.NewGuid());
            });

        var requests = await CountAsync(() => _app.Deliveries.SendAsync(message, CancellationToken.None));

        // The worker: participant read, commit of its delivery record; the verification inside the send: read, commit.
        Assert.Equal(2 + 2, requests);
        var stored = await _app.ParticipantAsync(view.SessionId, message.ParticipantId);
        Assert.Equal((ParticipantStatus.Authenticated, DeliveryStatus.Sent), (stored.Status, stored.OtpDelivery.Status));
    }

    private static readonly Dictionary<string, long> Expected = new()
    {
        // The participant row, then (passkeys allowed) one query of the person's passkeys for `authentication.passkey`.
        ["GET /api/join (first open)"] = 3,
        ["GET /api/join (again)"] = 2,
        // 3, and 2 for the send budget of the code's address (read, write); the other budgets' leases were taken at start.
        ["POST /api/join/otp (code issued and queued)"] = 5,
        ["POST /api/join/otp (code active)"] = 1,
        ["POST /api/join/otp/verify (wrong code)"] = 2,
        ["POST /api/join/otp/verify (right code)"] = 2,
        ["GET /api/join/me"] = 1,
        ["POST /api/join/signout"] = 2,
    };

    /// <summary>
    /// A return visit with a passkey instead of a code: options (participant read, the person's passkeys, the challenge
    /// stored) and verify (participant read, the challenge consumed, the passkey read and written back with its counter, the
    /// entry committed) — 8 storage requests together, and no queue message: no code is issued, nothing goes to a provider.
    /// </summary>
    [Fact]
    public async Task A_passkey_return_visit_makes_eight_storage_requests_for_options_and_verify_and_sends_nothing()
    {
        var owners = new Core.Passkeys.PasskeyOwners(_app.Sessions.Keyring);
        var passkeys = new PasskeyService(_app.Join, _app.Sessions.Sessions, new Passkeys.TablePasskeyStore(storage.Tables),
            new Passkeys.TablePasskeyChallengeStore(storage.Tables), owners, new Testing.ScriptedWebAuthn(), _app.Sessions.Time);
        var (view, token, _) = await _app.StartAsync();
        var invite = JoinTestApp.Invite(token);
        await _app.Join.RequestOtpAsync(invite, CancellationToken.None);
        var code = await _app.CodeOfAsync(view.SessionId, view.Participants[0].ParticipantId);
        var bearer = "Bearer " + (await _app.Join.VerifyAsync(invite, new VerifyInput(code), CancellationToken.None)).Value!.AccessToken;
        var creation = (await passkeys.RegistrationOptionsAsync(bearer, CancellationToken.None))!.Value;
        Assert.True((await passkeys.RegisterAsync(bearer, Testing.ScriptedWebAuthn.Registration(creation, "cred-" + view.SessionId), CancellationToken.None))!.IsSuccess);

        Outcome<System.Text.Json.JsonElement>? options = null;
        var optionsKinds = await KindsAsync(async () => options = await passkeys.AuthenticationOptionsAsync(invite, CancellationToken.None));
        Outcome<AccessTokenView>? entered = null;
        var verifyKinds = await KindsAsync(async () => entered = await passkeys.VerifyAsync(invite,
            Testing.ScriptedWebAuthn.Assertion(options!.Value.GetProperty("challenge").GetString()!, "cred-" + view.SessionId, 1), CancellationToken.None));

        Assert.True(entered!.IsSuccess, entered.Failure?.Code);
        Assert.Equal(3, optionsKinds.Values.Sum());
        Assert.Equal(5, verifyKinds.Values.Sum());
        Assert.DoesNotContain(optionsKinds.Keys.Concat(verifyKinds.Keys), kind => kind.Contains("messages", StringComparison.Ordinal));
    }

    /// <summary>Requests by kind; a budget counter's write is an insert or a replace, as the row exists or not yet: "write sendbudgets".</summary>
    private async Task<Dictionary<string, long>> KindsAsync(Func<Task> call)
    {
        storage.Counter.Reset();
        await call();
        return storage.Counter.Snapshot()
            .GroupBy(kind => kind.Key.StartsWith("PUT sendbudgets", StringComparison.Ordinal) || kind.Key.StartsWith("POST sendbudgets", StringComparison.Ordinal)
                ? "write sendbudgets" : kind.Key)
            .ToDictionary(g => g.Key, g => g.Sum(kind => kind.Value));
    }

    private async Task<long> CountAsync(Func<Task> call)
    {
        storage.Counter.Reset();
        await call();
        return storage.Counter.Total;
    }
}
