using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Xunit;
using static OtpSessions.EndToEnd.Tests.CustomerTestKit;

namespace OtpSessions.EndToEnd.Tests;

/// <summary>
/// The customer's way in, over HTTP on the local host with Azurite and the fake ACS: the invite link and the code are
/// read from what the fake ACS accepted, exactly as the customer would read them on their phone or in their mailbox.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class CustomerJourneyTests(AppFixture app)
{
    private readonly CustomerTestKit _kit = new(app);

    [Fact]
    public async Task A_primary_invited_by_email_gets_the_code_by_sms_and_verifies_into_the_session()
    {
        using var agent = app.Agent(NewAgentId(), "retail");
        var (email, phone) = (NewEmail("dana"), NewPhone());
        var session = await StartAsync(agent,
            Person("primary", "Dana Cole", Contact("email", email), Contact("sms", phone)),
            Person("cosigner", "Lee Cole", Contact("sms", NewPhone())));
        var (sessionId, participantId) = (Text(session["sessionId"]), ParticipantId(session, 0));
        var token = await _kit.InviteTokenAsync(email);

        var opened = await JsonAsync(await _kit.OpenAsync(token), HttpStatusCode.OK);
        Assert.Equal("active", Text(opened["sessionStatus"]));
        Assert.Equal("Dana Cole", Text(opened["participant"]!["name"]));
        Assert.Equal("primary", Text(opened["participant"]!["role"]));
        Assert.Equal("opened", Text(opened["participant"]!["status"]));
        Assert.True(opened["authentication"]!["required"]!.GetValue<bool>());
        Assert.Equal("otp", Text(opened["authentication"]!["method"]));
        Assert.Equal("auto", Text(opened["authentication"]!["mode"]));
        Assert.Equal("en", Text(opened["participant"]!["locale"]));
        Assert.Equal("opened", Text((await ParticipantViewAsync(agent, sessionId, participantId))["status"]));

        var otpPage = await _kit.RequestOtpAsync(token);
        var otp = await JsonAsync(otpPage, HttpStatusCode.OK);
        Assert.Equal("no-store", otpPage.Headers.CacheControl?.ToString());
        Assert.Equal("auto", Text(otp["mode"]));
        Assert.Equal("+1******" + phone[^4..], Text(otp["sentTo"]));
        Assert.Equal(5, otp["attemptsRemaining"]!.GetValue<int>());
        Assert.Equal(app.Time.GetUtcNow().AddMinutes(10), otp["expiresAt"]!.GetValue<DateTimeOffset>());
        Assert.Equal(app.Time.GetUtcNow().AddSeconds(30), otp["resendAvailableAt"]!.GetValue<DateTimeOffset>());
        var sms = Assert.Single(await app.SettledMessagesToAsync(phone));
        Assert.Equal("sms", sms.Channel);
        var code = CodeIn(sms);
        Assert.Single(app.MessagesTo(email));

        var delivered = await WaitForOtpDeliveryAsync(agent, sessionId, participantId, "sent");
        Assert.Equal("awaiting_otp", Text(delivered["status"]));
        // Just sent to the participant's phone: not for the agent to read out until the policy's delay passes unconfirmed.
        Assert.False(delivered["otpViewable"]!.GetValue<bool>());
        Assert.NotNull(delivered["otpViewableAt"]);
        var again = await JsonAsync(await _kit.RequestOtpAsync(token), HttpStatusCode.OK);
        Assert.Equal(Text(otp["expiresAt"]), Text(again["expiresAt"]));
        Assert.Equal(1, (await _kit.ParticipantRowAsync(sessionId, participantId)).GetInt32("CurrentCodeSends"));

        var verifiedResponse = await _kit.VerifyAsync(token, code);
        var verified = await JsonAsync(verifiedResponse, HttpStatusCode.OK);
        Assert.Equal("no-store", verifiedResponse.Headers.CacheControl?.ToString());
        var accessToken = Text(verified["accessToken"]);
        Assert.Matches($"^[A-Za-z0-9_-]{{{Core.Sessions.TokenFactory.TokenLength}}}$", accessToken);
        Assert.Equal(app.Time.GetUtcNow().AddHours(12), verified["expiresAt"]!.GetValue<DateTimeOffset>());
        var me = await JsonAsync(await _kit.MeAsync(accessToken), HttpStatusCode.OK);
        Assert.Equal(sessionId, Text(me["sessionId"]));
        Assert.Equal("active", Text(me["sessionStatus"]));
        Assert.Equal(participantId, Text(me["participant"]!["participantId"]));
        Assert.Equal("Dana Cole", Text(me["participant"]!["name"]));
        Assert.Equal("primary", Text(me["participant"]!["role"]));
        Assert.Equal("en", Text(me["participant"]!["locale"]));

        // Single use: the code of this entry is gone (a new entry through the link gets a new one).
        await ProblemAsync(await _kit.VerifyAsync(token, code), HttpStatusCode.Conflict, "otp_not_requested");
        var view = await ParticipantViewAsync(agent, sessionId, participantId);
        Assert.Equal("authenticated", Text(view["status"]));
        Assert.False(view["otpViewable"]!.GetValue<bool>());
        var row = await _kit.ParticipantRowAsync(sessionId, participantId);
        Assert.Null(row.GetString("CurrentCodeId"));
        var types = await _kit.EventTypesAsync(sessionId);
        foreach (var type in new[] { "participant.opened", "otp.requested", "otp.sent", "participant.authenticated" })
        {
            Assert.Single(types, t => t == type);
        }
    }

    [Fact]
    public async Task A_cosigner_invited_by_sms_gets_the_code_by_email_and_verifies_into_the_session()
    {
        using var agent = app.Agent(NewAgentId());
        var (phone, email) = (NewPhone(), NewEmail("lee"));
        var session = await StartAsync(agent,
            Person("primary", "Dana Cole", Contact("email", NewEmail("dana"))),
            Person("cosigner", "Lee Cole", Contact("sms", phone), Contact("email", email)));
        var (sessionId, participantId) = (Text(session["sessionId"]), ParticipantId(session, 1));
        var token = await _kit.InviteTokenAsync(phone);

        Assert.Equal("cosigner", Text((await JsonAsync(await _kit.OpenAsync(token), HttpStatusCode.OK))["participant"]!["role"]));
        var otp = await JsonAsync(await _kit.RequestOtpAsync(token), HttpStatusCode.OK);
        Assert.Equal("auto", Text(otp["mode"]));
        Assert.Equal("l***@example.com", Text(otp["sentTo"]));
        var mail = Assert.Single(await app.WaitForMessagesAsync(email));
        Assert.Equal("email", mail.Channel);
        Assert.Contains("verification code", mail.Subject!, StringComparison.Ordinal);
        var code = CodeIn(mail);
        Assert.Contains(code, mail.Html!, StringComparison.Ordinal);

        var verified = await JsonAsync(await _kit.VerifyAsync(token, code), HttpStatusCode.OK);

        var me = await JsonAsync(await _kit.MeAsync(Text(verified["accessToken"])), HttpStatusCode.OK);
        Assert.Equal("cosigner", Text(me["participant"]!["role"]));
        Assert.Equal(participantId, Text(me["participant"]!["participantId"]));
        var view = await WaitForOtpDeliveryAsync(agent, sessionId, participantId, "sent");
        Assert.Equal("authenticated", Text(view["status"]));
    }

    [Fact]
    public async Task A_manual_participant_gets_no_message_and_the_agent_reads_the_code_out_with_an_audit_record()
    {
        var agentId = NewAgentId();
        using var agent = app.Agent(agentId);
        var email = NewEmail("dana");
        var session = await StartAsync(agent, Person("primary", "Dana Cole", Contact("email", email)));
        var (sessionId, participantId) = (Text(session["sessionId"]), ParticipantId(session, 0));
        var token = await _kit.InviteTokenAsync(email);
        await _kit.OpenAsync(token);

        var early = await agent.GetAsync(OtpViewPath(sessionId, participantId));
        await ProblemAsync(early, HttpStatusCode.Conflict, "otp_not_available");
        Assert.Equal("no-store", early.Headers.CacheControl?.ToString());

        var otp = await JsonAsync(await _kit.RequestOtpAsync(token), HttpStatusCode.OK);
        Assert.Equal("manual", Text(otp["mode"]));
        Assert.Null(otp["sentTo"]);
        Assert.True(otp.ContainsKey("sentTo"));
        Assert.Null(otp["resendAvailableAt"]);
        await ProblemAsync(await _kit.ResendAsync(token), HttpStatusCode.Conflict, "otp_manual_mode");

        var viewResponse = await agent.GetAsync(OtpViewPath(sessionId, participantId));
        var viewed = await JsonAsync(viewResponse, HttpStatusCode.OK);
        Assert.Equal("no-store", viewResponse.Headers.CacheControl?.ToString());
        var code = Text(viewed["code"]);
        Assert.Matches("^[0-9]{6}$", code);
        Assert.Equal(Text(otp["expiresAt"]), Text(viewed["expiresAt"]));
        Assert.True((await ParticipantViewAsync(agent, sessionId, participantId))["otpViewable"]!.GetValue<bool>());
        var rows = await _kit.RowsAsync(sessionId);
        var audit = Assert.Single(rows, r => r.RowKey.StartsWith("audit|", StringComparison.Ordinal) && r.GetString("Action") == "otp.viewed");
        Assert.Equal(agentId, audit.GetString("ActorId"));
        Assert.Equal(participantId, audit.GetString("ParticipantId"));
        Assert.DoesNotContain(code, audit.GetString("Data"), StringComparison.Ordinal);
        Assert.Contains("otp.viewed", await _kit.EventTypesAsync(sessionId));

        Assert.Equal(HttpStatusCode.OK, (await _kit.VerifyAsync(token, code)).StatusCode);
        await ProblemAsync(await agent.GetAsync(OtpViewPath(sessionId, participantId)), HttpStatusCode.Conflict, "otp_not_available");
        await app.WaitUntilQueuesIdleAsync();
        Assert.Single(app.MessagesTo(email));
        var row = await _kit.ParticipantRowAsync(sessionId, participantId);
        Assert.Equal("none", row.GetString("OtpDeliveryStatus"));
    }

    [Fact]
    public async Task The_agent_view_before_the_otp_page_is_409_and_for_another_agent_404()
    {
        using var agent = app.Agent(NewAgentId(), "retail");
        var session = await StartAsync(agent, Person("primary", "Dana Cole", Contact("sms", NewPhone()), Contact("email", NewEmail("dana"))));
        var path = OtpViewPath(Text(session["sessionId"]), ParticipantId(session, 0));

        await ProblemAsync(await agent.GetAsync(path), HttpStatusCode.Conflict, "otp_not_available");
        using var stranger = app.Agent(NewAgentId(), "retail");
        await ProblemAsync(await stranger.GetAsync(path), HttpStatusCode.NotFound, "session_not_found");
        await ProblemAsync(await app.Anonymous.GetAsync(path), HttpStatusCode.Unauthorized, "unauthorized");
        await ProblemAsync(await agent.GetAsync(OtpViewPath(Text(session["sessionId"]), Core.Sessions.SessionIds.NewParticipantId())),
            HttpStatusCode.NotFound, "participant_not_found");
        await ProblemAsync(await agent.GetAsync(OtpViewPath(Text(session["sessionId"]), "p_nope")), HttpStatusCode.BadRequest, "invalid_request");
    }

    [Fact]
    public async Task A_team_policy_that_forbids_viewing_codes_makes_the_agent_view_403()
    {
        var team = "no-view-" + Guid.NewGuid().ToString("N")[..8];
        var policies = app.Azurite.Tables().GetTableClient("policies");
        await policies.CreateIfNotExistsAsync();
        await policies.UpsertEntityAsync(new Azure.Data.Tables.TableEntity("team", team) { ["AgentCanViewOtp"] = false });
        using var agent = app.Agent(NewAgentId(), team);
        var email = NewEmail("dana");
        var session = await StartAsync(agent, Person("primary", "Dana Cole", Contact("email", email)));
        var (sessionId, participantId) = (Text(session["sessionId"]), ParticipantId(session, 0));
        await JsonAsync(await _kit.RequestOtpAsync(await _kit.InviteTokenAsync(email)), HttpStatusCode.OK);

        await ProblemAsync(await agent.GetAsync(OtpViewPath(sessionId, participantId)), HttpStatusCode.Forbidden, "otp_view_disabled");
        Assert.False((await ParticipantViewAsync(agent, sessionId, participantId))["otpViewable"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Two_hundred_parallel_wrong_codes_give_no_5xx_but_busy_count_exactly_five_and_then_even_the_right_code_is_423()
    {
        using var agent = app.Agent(NewAgentId());
        var email = NewEmail("dana");
        var session = await StartAsync(agent, Person("primary", "Dana Cole", Contact("email", email)));
        var (sessionId, participantId) = (Text(session["sessionId"]), ParticipantId(session, 0));
        var token = await _kit.InviteTokenAsync(email);
        await JsonAsync(await _kit.RequestOtpAsync(token), HttpStatusCode.OK);
        var code = Text((await JsonAsync(await agent.GetAsync(OtpViewPath(sessionId, participantId)), HttpStatusCode.OK))["code"]);
        var wrong = ((int.Parse(code, System.Globalization.CultureInfo.InvariantCulture) + 1) % 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);

        var answers = await Task.WhenAll(Enumerable.Range(0, 200).Select(_ => Task.Run(async () =>
        {
            using var response = await _kit.VerifyAsync(token, wrong);
            return (response.StatusCode, RetryAfter: response.Headers.RetryAfter?.Delta, Body: JsonNode.Parse(await response.Content.ReadAsStringAsync())!);
        })));

        Assert.DoesNotContain(answers, a => (int)a.StatusCode >= 500 && a.StatusCode != HttpStatusCode.ServiceUnavailable);
        Assert.All(answers.Where(a => a.StatusCode == HttpStatusCode.ServiceUnavailable), a =>
        {
            Assert.Equal("busy", Text(a.Body["code"]));
            Assert.NotNull(a.RetryAfter);
        });
        var invalid = answers.Where(a => a.StatusCode == HttpStatusCode.BadRequest).ToList();
        Assert.All(invalid, a => Assert.Equal("otp_invalid", Text(a.Body["code"])));
        Assert.Equal([1, 2, 3, 4], invalid.Select(a => a.Body["attemptsRemaining"]!.GetValue<int>()).Order());
        Assert.Equal(200 - 4, answers.Count(a => a.StatusCode is HttpStatusCode.Locked or HttpStatusCode.ServiceUnavailable));
        Assert.All(answers.Where(a => a.StatusCode == HttpStatusCode.Locked), a => Assert.Equal("participant_locked", Text(a.Body["code"])));
        var right = await _kit.VerifyAsync(token, code);
        await ProblemAsync(right, HttpStatusCode.Locked, "participant_locked");
        Assert.InRange(right.Headers.RetryAfter!.Delta!.Value, TimeSpan.FromMinutes(14), TimeSpan.FromMinutes(15));
        var row = await _kit.ParticipantRowAsync(sessionId, participantId);
        Assert.Equal(1, row.GetInt32("Lockouts"));
        Assert.Equal(0, row.GetInt32("FailedAttempts"));
        Assert.Equal("locked", row.GetString("Status"));
        Assert.Single(await _kit.EventTypesAsync(sessionId), t => t == "participant.locked");
        var view = await ParticipantViewAsync(agent, sessionId, participantId);
        Assert.Equal("locked", Text(view["status"]));
        Assert.NotNull(view["lockedUntil"]);
        await ProblemAsync(await agent.GetAsync(OtpViewPath(sessionId, participantId)), HttpStatusCode.Locked, "participant_locked");
        await ProblemAsync(await _kit.RequestOtpAsync(token), HttpStatusCode.Locked, "participant_locked");
    }

    [Fact]
    public async Task After_the_lockout_the_participant_gets_a_new_code_and_may_verify()
    {
        using var agent = app.Agent(NewAgentId());
        var email = NewEmail("dana");
        var session = await StartAsync(agent, Person("primary", "Dana Cole", Contact("email", email)));
        var (sessionId, participantId) = (Text(session["sessionId"]), ParticipantId(session, 0));
        var token = await _kit.InviteTokenAsync(email);
        await _kit.RequestOtpAsync(token);
        for (var i = 0; i < 5; i++)
        {
            await _kit.VerifyAsync(token, "000000x");
        }
        await ProblemAsync(await _kit.RequestOtpAsync(token), HttpStatusCode.Locked, "participant_locked");

        app.Time.Advance(TimeSpan.FromMinutes(15));

        var otp = await JsonAsync(await _kit.RequestOtpAsync(token), HttpStatusCode.OK);
        Assert.Equal(5, otp["attemptsRemaining"]!.GetValue<int>());
        var code = Text((await JsonAsync(await agent.GetAsync(OtpViewPath(sessionId, participantId)), HttpStatusCode.OK))["code"]);
        Assert.Equal(HttpStatusCode.OK, (await _kit.VerifyAsync(token, code)).StatusCode);
    }

    [Fact]
    public async Task An_expired_code_is_410_and_arriving_again_sends_a_new_code()
    {
        using var agent = app.Agent(NewAgentId());
        var (email, phone) = (NewEmail("dana"), NewPhone());
        var session = await StartAsync(agent, Person("primary", "Dana Cole", Contact("email", email), Contact("sms", phone)));
        var token = await _kit.InviteTokenAsync(email);
        var first = await JsonAsync(await _kit.RequestOtpAsync(token), HttpStatusCode.OK);
        var firstCode = await _kit.CodeAsync(phone, 1);

        app.Time.Advance(TimeSpan.FromMinutes(10));

        await ProblemAsync(await _kit.VerifyAsync(token, firstCode), HttpStatusCode.Gone, "otp_expired");
        var second = await JsonAsync(await _kit.RequestOtpAsync(token), HttpStatusCode.OK);
        Assert.True(second["expiresAt"]!.GetValue<DateTimeOffset>() > first["expiresAt"]!.GetValue<DateTimeOffset>());
        var secondCode = await _kit.CodeAsync(phone, 2);
        Assert.Equal(HttpStatusCode.OK, (await _kit.VerifyAsync(token, secondCode)).StatusCode);
        Assert.Equal(2, (await _kit.EventTypesAsync(Text(session["sessionId"]))).Count(t => t == "otp.requested"));
    }

    [Fact]
    public async Task A_resend_inside_the_cooldown_is_429_and_afterwards_sends_the_same_code_again()
    {
        using var agent = app.Agent(NewAgentId());
        var (email, phone) = (NewEmail("dana"), NewPhone());
        await StartAsync(agent, Person("primary", "Dana Cole", Contact("email", email), Contact("sms", phone)));
        var token = await _kit.InviteTokenAsync(email);
        var first = await JsonAsync(await _kit.RequestOtpAsync(token), HttpStatusCode.OK);
        var firstCode = await _kit.CodeAsync(phone, 1);

        var early = await _kit.ResendAsync(token);
        await ProblemAsync(early, HttpStatusCode.TooManyRequests, "too_many_requests");
        Assert.Equal(TimeSpan.FromSeconds(30), early.Headers.RetryAfter?.Delta);

        app.Time.Advance(TimeSpan.FromSeconds(30));
        var resent = await _kit.ResendAsync(token);

        var body = await JsonAsync(resent, HttpStatusCode.Accepted);
        Assert.Equal(Text(first["expiresAt"]), Text(body["expiresAt"]));
        Assert.Equal(app.Time.GetUtcNow().AddSeconds(30), body["resendAvailableAt"]!.GetValue<DateTimeOffset>());
        Assert.Equal(firstCode, await _kit.CodeAsync(phone, 2));
        Assert.Equal(HttpStatusCode.OK, (await _kit.VerifyAsync(token, firstCode)).StatusCode);
    }

    [Fact]
    public async Task A_reassigned_participants_old_link_and_code_stop_working_and_the_replacement_receives_auto_otp()
    {
        using var agent = app.Agent(NewAgentId());
        var (oldEmail, oldPhone) = (NewEmail("dana"), NewPhone());
        var session = await StartAsync(agent, Person("primary", "Dana Cole", Contact("email", oldEmail), Contact("sms", oldPhone)));
        var (sessionId, oldId) = (Text(session["sessionId"]), ParticipantId(session, 0));
        var oldToken = await _kit.InviteTokenAsync(oldEmail);
        await JsonAsync(await _kit.RequestOtpAsync(oldToken), HttpStatusCode.OK);
        var oldCode = await _kit.CodeAsync(oldPhone, 1);
        var (newPhone, newEmail) = (NewPhone(), NewEmail("pat"));

        using var reassigned = await agent.PostAsJsonAsync($"/api/sessions/{sessionId}/participants/{oldId}/reassign",
            new { name = "Pat Doe", invite = Contact("sms", newPhone), otp = Contact("email", newEmail) });
        Assert.Equal(HttpStatusCode.Created, reassigned.StatusCode);

        var invalid = await ProblemAsync(await _kit.OpenAsync(oldToken), HttpStatusCode.NotFound, "link_invalid");
        await ProblemAsync(await _kit.RequestOtpAsync(oldToken), HttpStatusCode.NotFound, "link_invalid");
        await ProblemAsync(await _kit.VerifyAsync(oldToken, oldCode), HttpStatusCode.NotFound, "link_invalid");
        var unknown = await ProblemAsync(await _kit.OpenAsync(Core.Sessions.TokenFactory.NewAccessToken(Core.Sessions.SessionIds.NewSessionId(), Core.Sessions.SessionIds.NewParticipantId())), HttpStatusCode.NotFound, "link_invalid");
        Assert.Equal(WithoutTraceId(unknown), WithoutTraceId(invalid));

        var newToken = await _kit.InviteTokenAsync(newPhone);
        Assert.Equal("Pat Doe", Text((await JsonAsync(await _kit.OpenAsync(newToken), HttpStatusCode.OK))["participant"]!["name"]));
        var otp = await JsonAsync(await _kit.RequestOtpAsync(newToken), HttpStatusCode.OK);
        Assert.Equal("auto", Text(otp["mode"]));
        var newCode = await _kit.CodeAsync(newEmail, 1);
        var verified = await JsonAsync(await _kit.VerifyAsync(newToken, newCode), HttpStatusCode.OK);
        var me = await JsonAsync(await _kit.MeAsync(Text(verified["accessToken"])), HttpStatusCode.OK);
        Assert.Equal("primary", Text(me["participant"]!["role"]));
        Assert.NotEqual(oldId, Text(me["participant"]!["participantId"]));
    }

    [Fact]
    public async Task A_verify_body_that_is_not_json_with_a_code_is_400_invalid_request_and_costs_no_attempt()
    {
        using var agent = app.Agent(NewAgentId());
        var email = NewEmail("dana");
        await StartAsync(agent, Person("primary", "Dana Cole", Contact("email", email)));
        var token = await _kit.InviteTokenAsync(email);
        await ProblemAsync(await _kit.VerifyAsync(token, "123456"), HttpStatusCode.Conflict, "otp_not_requested");
        await JsonAsync(await _kit.RequestOtpAsync(token), HttpStatusCode.OK);

        foreach (var (body, type) in new[]
        {
            ("""{"code":"123456"}""", "text/plain"),
            ("{}", "application/json"),
            ("""{"code":123456}""", "application/json"),
            ("""{"code":""}""", "application/json"),
            ("""{"code":"123""", "application/json"),
            ($$"""{"code":"{{new string('1', 65)}}"}""", "application/json"),
        })
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/join/otp/verify")
            {
                Content = new StringContent(body, System.Text.Encoding.UTF8, type),
            };
            request.Headers.Authorization = Invite(token);
            await ProblemAsync(await app.Anonymous.SendAsync(request), HttpStatusCode.BadRequest, "invalid_request");
        }

        var wrong = await ProblemAsync(await _kit.VerifyAsync(token, "abcdef"), HttpStatusCode.BadRequest, "otp_invalid");
        Assert.Equal(4, wrong["attemptsRemaining"]!.GetValue<int>());
    }
}
