using System.Globalization;
using System.Net;
using Xunit;
using static OtpSessions.EndToEnd.Tests.CustomerTestKit;

namespace OtpSessions.EndToEnd.Tests;

/// <summary>
/// The agent's view of an Auto OTP code over HTTP: only when it did not arrive (its send failed, or no delivery report
/// confirmed it the policy's delay after it was sent), decided again on every request; and the agent's sign-out of a
/// participant, which ends every access token of that participant and of no other.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class AgentOtpViewTests(AppFixture app)
{
    private readonly CustomerTestKit _kit = new(app);

    [Fact]
    public async Task An_auto_otp_code_is_pending_until_the_delay_after_its_send_then_viewable_and_a_delivered_report_hides_it_again()
    {
        using var agent = app.Agent(NewAgentId());
        var (email, phone) = (NewEmail("dana"), NewPhone());
        var session = await StartAsync(agent, Person("primary", "Dana Cole", Contact("email", email), Contact("sms", phone)));
        var (sessionId, participantId) = (Text(session["sessionId"]), ParticipantId(session, 0));
        var token = await _kit.InviteTokenAsync(email);
        await JsonAsync(await _kit.RequestOtpAsync(token), HttpStatusCode.OK);
        var sms = Assert.Single(await app.WaitForMessagesAsync(phone));
        var code = CodeIn(sms);
        var sent = await WaitForOtpDeliveryAsync(agent, sessionId, participantId, "sent");
        var sentAt = DateTimeOffset.Parse(Text(sent["otpDelivery"]!["sentAt"]), CultureInfo.InvariantCulture);

        var pending = await agent.GetAsync(OtpViewPath(sessionId, participantId));
        await ProblemAsync(pending, HttpStatusCode.Conflict, "otp_delivery_pending");
        var wait = pending.Headers.RetryAfter!.Delta!.Value;
        Assert.Equal(Math.Ceiling((sentAt.AddSeconds(60) - app.Time.GetUtcNow()).TotalSeconds), wait.TotalSeconds);
        Assert.InRange(wait, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60));
        Assert.False(sent["otpViewable"]!.GetValue<bool>());
        Assert.Equal(sentAt.AddSeconds(60), DateTimeOffset.Parse(Text(sent["otpViewableAt"]), CultureInfo.InvariantCulture));
        Assert.DoesNotContain("otp.viewed", await _kit.EventTypesAsync(sessionId));

        app.Time.Advance(wait);

        var viewable = await ParticipantViewAsync(agent, sessionId, participantId);
        Assert.True(viewable["otpViewable"]!.GetValue<bool>());
        Assert.Null(viewable["otpViewableAt"]);
        Assert.Equal(code, Text((await JsonAsync(await agent.GetAsync(OtpViewPath(sessionId, participantId)), HttpStatusCode.OK))["code"]));

        await _kit.ReportSmsAsync(sms, phone, "Delivered");

        await ProblemAsync(await agent.GetAsync(OtpViewPath(sessionId, participantId)), HttpStatusCode.Conflict, "otp_delivered");
        var delivered = await ParticipantViewAsync(agent, sessionId, participantId);
        Assert.Equal("delivered", Text(delivered["otpDelivery"]!["status"]));
        Assert.False(delivered["otpViewable"]!.GetValue<bool>());
        Assert.Null(delivered["otpViewableAt"]);
        Assert.Single(await _kit.EventTypesAsync(sessionId), t => t == "otp.viewed");
    }

    [Fact]
    public async Task A_team_delay_and_a_team_that_lets_agents_view_delivered_codes_are_followed()
    {
        var team = "view-delay-" + Guid.NewGuid().ToString("N")[..8];
        var policies = app.Azurite.Tables().GetTableClient("policies");
        await policies.CreateIfNotExistsAsync();
        await policies.UpsertEntityAsync(new Azure.Data.Tables.TableEntity("team", team)
        {
            ["AutoOtpViewDelay"] = "00:00:10",
            ["AgentCanViewDeliveredOtp"] = true,
        });
        using var agent = app.Agent(NewAgentId(), team);
        var (email, phone) = (NewEmail("dana"), NewPhone());
        var session = await StartAsync(agent, Person("primary", "Dana Cole", Contact("email", email), Contact("sms", phone)));
        var (sessionId, participantId) = (Text(session["sessionId"]), ParticipantId(session, 0));
        await JsonAsync(await _kit.RequestOtpAsync(await _kit.InviteTokenAsync(email)), HttpStatusCode.OK);
        var sms = Assert.Single(await app.WaitForMessagesAsync(phone));
        await WaitForOtpDeliveryAsync(agent, sessionId, participantId, "sent");
        await _kit.ReportSmsAsync(sms, phone, "Delivered");

        var pending = await agent.GetAsync(OtpViewPath(sessionId, participantId));
        await ProblemAsync(pending, HttpStatusCode.Conflict, "otp_delivery_pending");
        Assert.InRange(pending.Headers.RetryAfter!.Delta!.Value, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10));

        app.Time.Advance(TimeSpan.FromSeconds(10));

        Assert.Equal(CodeIn(sms), Text((await JsonAsync(await agent.GetAsync(OtpViewPath(sessionId, participantId)), HttpStatusCode.OK))["code"]));
    }

    [Fact]
    public async Task Sign_out_ends_every_access_token_of_the_participant_and_none_of_another_and_the_link_still_lets_it_in_again()
    {
        var agentId = NewAgentId();
        using var agent = app.Agent(agentId, "retail");
        var (email, cosignerEmail) = (NewEmail("dana"), NewEmail("lee"));
        var session = await StartAsync(agent,
            Person("primary", "Dana Cole", Contact("email", email)), Person("cosigner", "Lee Cole", Contact("email", cosignerEmail)));
        var (sessionId, participantId, cosignerId) = (Text(session["sessionId"]), ParticipantId(session, 0), ParticipantId(session, 1));
        var token = await _kit.InviteTokenAsync(email);
        var laptop = await _kit.AuthenticateManuallyAsync(agent, sessionId, participantId, token);
        var phone = await _kit.AuthenticateManuallyAsync(agent, sessionId, participantId, token);
        var cosigner = await _kit.AuthenticateManuallyAsync(agent, sessionId, cosignerId, await _kit.InviteTokenAsync(cosignerEmail));
        var path = $"/api/sessions/{sessionId}/participants/{participantId}/sign-out";

        var signedOut = await JsonAsync(await agent.PostAsync(path, null), HttpStatusCode.OK);

        Assert.Equal(participantId, Text(signedOut["participantId"]));
        Assert.Equal("opened", Text(signedOut["status"]));
        await ProblemAsync(await _kit.MeAsync(laptop), HttpStatusCode.Unauthorized, "unauthorized");
        await ProblemAsync(await _kit.MeAsync(phone), HttpStatusCode.Unauthorized, "unauthorized");
        Assert.Equal(HttpStatusCode.OK, (await _kit.MeAsync(cosigner)).StatusCode);
        Assert.Equal("authenticated", Text((await ParticipantViewAsync(agent, sessionId, cosignerId))["status"]));
        var rows = await _kit.RowsAsync(sessionId);
        var signedOutEvent = Assert.Single(rows, r => r.RowKey.StartsWith("outbox|", StringComparison.Ordinal) && r.GetString("Type") == "participant.signed_out");
        Assert.Contains("\"accessTokens\":2", signedOutEvent.GetString("Data"), StringComparison.Ordinal);
        var audit = Assert.Single(rows, r => r.RowKey.StartsWith("audit|", StringComparison.Ordinal) && r.GetString("Action") == "participant.signed_out");
        Assert.Equal(agentId, audit.GetString("ActorId"));

        // Nothing left to end: 200 again, and no second event.
        Assert.Equal("opened", Text((await JsonAsync(await agent.PostAsync(path, null), HttpStatusCode.OK))["status"]));
        Assert.Single(await _kit.EventTypesAsync(sessionId), t => t == "participant.signed_out");

        // The link still works: the participant enters again, authenticating again.
        var again = await _kit.AuthenticateManuallyAsync(agent, sessionId, participantId, token);
        Assert.Equal(HttpStatusCode.OK, (await _kit.MeAsync(again)).StatusCode);
        Assert.Equal("authenticated", Text((await ParticipantViewAsync(agent, sessionId, participantId))["status"]));
    }

    [Fact]
    public async Task Sign_out_of_a_participant_without_access_tokens_is_200_and_the_refusals_are_those_of_the_other_participant_actions()
    {
        using var agent = app.Agent(NewAgentId(), "retail");
        var session = await StartAsync(agent, Person("primary", "Dana Cole", Contact("email", NewEmail("dana"))));
        var (sessionId, participantId) = (Text(session["sessionId"]), ParticipantId(session, 0));
        string Path(string id) => $"/api/sessions/{sessionId}/participants/{id}/sign-out";

        Assert.Equal("invited", Text((await JsonAsync(await agent.PostAsync(Path(participantId), null), HttpStatusCode.OK))["status"]));
        Assert.DoesNotContain("participant.signed_out", await _kit.EventTypesAsync(sessionId));

        using var stranger = app.Agent(NewAgentId(), "retail");
        await ProblemAsync(await stranger.PostAsync(Path(participantId), null), HttpStatusCode.NotFound, "session_not_found");
        using var supervisor = app.Agent(NewAgentId(), "retail", "supervisor");
        Assert.Equal(HttpStatusCode.OK, (await supervisor.PostAsync(Path(participantId), null)).StatusCode);
        await ProblemAsync(await agent.PostAsync(Path(Core.Sessions.SessionIds.NewParticipantId()), null), HttpStatusCode.NotFound, "participant_not_found");
        await ProblemAsync(await agent.PostAsync(Path("p_nope"), null), HttpStatusCode.BadRequest, "invalid_request");
        await ProblemAsync(await app.Anonymous.PostAsync(Path(participantId), null), HttpStatusCode.Unauthorized, "unauthorized");
    }
}
