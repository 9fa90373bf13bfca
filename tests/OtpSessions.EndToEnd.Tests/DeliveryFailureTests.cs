using System.Net;
using OtpSessions.Testing;
using Xunit;
using static OtpSessions.EndToEnd.Tests.CustomerTestKit;

namespace OtpSessions.EndToEnd.Tests;

/// <summary>
/// A failed send never falls back to the participant's other address (link and code are the two factors and must not
/// meet in one inbox): the delivery is recorded as failed, and a code stays viewable for the agent to read out. Each
/// delivery report applies to its own send only. Faults are scoped to one recipient and cleared in <c>finally</c>.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class DeliveryFailureTests(AppFixture app)
{
    private readonly CustomerTestKit _kit = new(app);

    [Fact]
    public async Task A_code_sms_the_provider_refuses_sends_nothing_to_the_invite_inbox_and_the_agent_can_read_the_code_out()
    {
        using var agent = app.Agent(NewAgentId());
        var (email, phone) = (NewEmail("dana"), NewPhone());
        var (sessionId, participantId, token) = await ArrivedAtInvitationAsync(agent, email, phone);
        try
        {
            app.Acs.State.InjectFault(400, 1, to: phone);
            await JsonAsync(await _kit.RequestOtpAsync(token), HttpStatusCode.OK);

            await ExpectViewableFailureAsync(agent, sessionId, participantId, token, email, phone);
        }
        finally
        {
            app.Acs.State.InjectFault(400, 0, to: phone);
        }
    }

    [Fact]
    public async Task A_code_sms_reported_failed_sends_nothing_to_the_invite_inbox_and_the_agent_can_read_the_code_out()
    {
        using var agent = app.Agent(NewAgentId());
        var (email, phone) = (NewEmail("dana"), NewPhone());
        var (sessionId, participantId, token) = await ArrivedAtInvitationAsync(agent, email, phone);
        await JsonAsync(await _kit.RequestOtpAsync(token), HttpStatusCode.OK);
        var sms = Assert.Single(await app.WaitForMessagesAsync(phone));
        await WaitForOtpDeliveryAsync(agent, sessionId, participantId, "sent");
        // Sent a moment ago: the code may sit on the participant's phone, so the agent may not read it yet.
        await ProblemAsync(await agent.GetAsync(OtpViewPath(sessionId, participantId)), HttpStatusCode.Conflict, "otp_delivery_pending");

        await _kit.ReportSmsAsync(sms, phone, "Failed");

        await ExpectViewableFailureAsync(agent, sessionId, participantId, token, email, phone, sentToPhone: 1);
    }

    [Fact]
    public async Task A_late_failed_report_for_an_earlier_send_leaves_the_later_send_alone()
    {
        using var agent = app.Agent(NewAgentId());
        var (email, phone) = (NewEmail("dana"), NewPhone());
        var (sessionId, participantId, token) = await ArrivedAtInvitationAsync(agent, email, phone);
        await JsonAsync(await _kit.RequestOtpAsync(token), HttpStatusCode.OK);
        var first = Assert.Single(await app.WaitForMessagesAsync(phone));
        app.Time.Advance(TimeSpan.FromSeconds(30));
        await JsonAsync(await _kit.ResendAsync(token), HttpStatusCode.Accepted);
        var second = (await app.WaitForMessagesAsync(phone, 2))[1];
        // The resend is queued until its acceptance is recorded.
        await WaitForOtpDeliveryAsync(agent, sessionId, participantId, "sent");

        await _kit.ReportSmsAsync(first, phone, "Failed");

        Assert.Equal("sent", Text((await ParticipantViewAsync(agent, sessionId, participantId))["otpDelivery"]!["status"]));
        await _kit.ReportSmsAsync(second, phone, "Delivered");
        Assert.Equal("delivered", Text((await ParticipantViewAsync(agent, sessionId, participantId))["otpDelivery"]!["status"]));
        Assert.DoesNotContain("otp.delivery_failed", await _kit.EventTypesAsync(sessionId));
        await app.WaitUntilQueuesIdleAsync();
        Assert.Single(app.MessagesTo(email));
    }

    [Fact]
    public async Task An_invitation_sms_the_provider_refuses_is_failed_and_nothing_goes_to_the_otp_inbox()
    {
        using var agent = app.Agent(NewAgentId());
        var (phone, email) = (NewPhone(), NewEmail("dana"));
        try
        {
            app.Acs.State.InjectFault(400, 1, to: phone);
            var session = await StartAsync(agent, Person("primary", "Dana Cole", Contact("sms", phone), Contact("email", email)));

            await Poll.UntilAsync(() => ParticipantViewAsync(agent, Text(session["sessionId"]), ParticipantId(session, 0)),
                p => Text(p["invitation"]!["status"]) == "failed", "invitation failed");
            Assert.Single(await _kit.EventTypesAsync(Text(session["sessionId"])), t => t == "invitation.failed");
            await app.WaitUntilQueuesIdleAsync();
            Assert.Empty(app.MessagesTo(email));
            Assert.Empty(app.MessagesTo(phone));
        }
        finally
        {
            app.Acs.State.InjectFault(400, 0, to: phone);
        }
    }

    [Fact]
    public async Task An_invitation_sms_reported_failed_is_failed_and_nothing_goes_to_the_otp_inbox()
    {
        using var agent = app.Agent(NewAgentId());
        var (phone, email) = (NewPhone(), NewEmail("dana"));
        var session = await StartAsync(agent, Person("primary", "Dana Cole", Contact("sms", phone), Contact("email", email)));
        var (sessionId, participantId) = (Text(session["sessionId"]), ParticipantId(session, 0));
        var sms = Assert.Single(await app.WaitForMessagesAsync(phone));
        await Poll.UntilAsync(() => ParticipantViewAsync(agent, sessionId, participantId), p => Text(p["invitation"]!["status"]) == "sent",
            "invitation sent");

        await _kit.ReportSmsAsync(sms, phone, "Failed");

        Assert.Equal("failed", Text((await ParticipantViewAsync(agent, sessionId, participantId))["invitation"]!["status"]));
        Assert.Single(await _kit.EventTypesAsync(sessionId), t => t == "invitation.failed");
        await app.WaitUntilQueuesIdleAsync();
        Assert.Empty(app.MessagesTo(email));
    }

    /// <summary>A session whose primary (email invite, SMS OTP) got the invitation; the invite token.</summary>
    private async Task<(string SessionId, string ParticipantId, string Token)> ArrivedAtInvitationAsync(HttpClient agent, string email, string phone)
    {
        var session = await StartAsync(agent, Person("primary", "Dana Cole", Contact("email", email), Contact("sms", phone)));
        var (sessionId, participantId) = (Text(session["sessionId"]), ParticipantId(session, 0));
        var token = await _kit.InviteTokenAsync(email);
        await Poll.UntilAsync(() => ParticipantViewAsync(agent, sessionId, participantId), p => Text(p["invitation"]!["status"]) == "sent",
            "invitation sent");
        return (sessionId, participantId, token);
    }

    private async Task ExpectViewableFailureAsync(
        HttpClient agent, string sessionId, string participantId, string token, string email, string phone, int sentToPhone = 0)
    {
        var view = await WaitForOtpDeliveryAsync(agent, sessionId, participantId, "failed");
        Assert.True(view["otpViewable"]!.GetValue<bool>());
        Assert.Single(await _kit.EventTypesAsync(sessionId), t => t == "otp.delivery_failed");
        var code = Text((await JsonAsync(await agent.GetAsync(OtpViewPath(sessionId, participantId)), HttpStatusCode.OK))["code"]);
        Assert.Equal(HttpStatusCode.OK, (await _kit.VerifyAsync(token, code)).StatusCode);
        // Only the invitation ever reached the invite inbox: the code never went there (checked once nothing is in flight).
        await app.WaitUntilQueuesIdleAsync();
        Assert.Single(app.MessagesTo(email));
        Assert.Equal(sentToPhone, app.MessagesTo(phone).Count);
    }
}
