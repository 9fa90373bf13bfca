using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using OtpSessions.Core.Events;
using OtpSessions.FakeAcs;
using OtpSessions.Testing;
using Xunit;
using static OtpSessions.EndToEnd.Tests.CustomerTestKit;

namespace OtpSessions.EndToEnd.Tests;

/// <summary>
/// DESIGN "Delivery": an SMS reported undelivered (ACS delivery report through the webhook) falls back to the
/// participant's email on the other contact — the same link or the same code, read here from the fake ACS.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class DeliveryFallbackTests(AppFixture app)
{
    private readonly CustomerTestKit _kit = new(app);

    [Fact]
    public async Task An_undelivered_invite_sms_sends_the_same_link_by_email_to_the_otp_address_and_the_link_works()
    {
        using var agent = app.Agent(NewAgentId(), "retail");
        var (phone, email) = (NewPhone(), NewEmail("dana"));
        var session = await StartAsync(agent, Person("primary", "Dana Cole", Contact("sms", phone), Contact("email", email)));
        var (sessionId, participantId) = (Text(session["sessionId"]), ParticipantId(session, 0));
        var sms = Assert.Single(await app.WaitForMessagesAsync(phone));
        var smsToken = await _kit.InviteTokenAsync(phone);
        await Poll.UntilAsync(() => ParticipantViewAsync(agent, sessionId, participantId), p => Text(p["invitation"]!["status"]) == "sent",
            "the invitation recorded as sent");

        await ReportSmsFailedAsync(sms, phone);
        await ReportSmsFailedAsync(sms, phone);

        var mail = Assert.Single(await app.WaitForMessagesAsync(email));
        Assert.Equal("email", mail.Channel);
        Assert.Equal(smsToken, await _kit.InviteTokenAsync(email));
        var view = await Poll.UntilAsync(() => ParticipantViewAsync(agent, sessionId, participantId),
            p => Text(p["invitation"]!["status"]) == "sent", "the fallback recorded as sent");
        Assert.Equal("sms", Text(view["invite"]!["channel"]));
        Assert.Equal(HttpStatusCode.OK, (await _kit.OpenAsync(smsToken)).StatusCode);

        var events = await EventsAsync(sessionId);
        var failed = Assert.Single(events, e => e.Type == EventTypes.InvitationFailed).Data;
        Assert.Equal("sms", Text(failed["to"]!["channel"]));
        Assert.Equal("undelivered", Text(failed["reason"]));
        // The test clock stands still, so the events' ids do not order them: tell them apart by their data.
        var sent = events.Where(e => e.Type == EventTypes.InvitationSent).Select(e => e.Data).ToList();
        Assert.Equal(2, sent.Count);
        Assert.Equal("sms", Text(Assert.Single(sent, e => !e["fallback"]!.GetValue<bool>())["to"]!["channel"]));
        var fallback = Assert.Single(sent, e => e["fallback"]!.GetValue<bool>());
        Assert.Equal("email", Text(fallback["to"]!["channel"]));
        Assert.Equal("d***@" + email.Split('@')[1], Text(fallback["to"]!["address"]));
        Assert.All(events, e => Assert.Null(EventDataGuard.FindViolation(e.Data.ToJsonString())));
        Assert.Single(app.MessagesTo(email));
        Assert.Single(app.MessagesTo(phone));
    }

    [Fact]
    public async Task An_undelivered_code_sms_sends_the_same_code_by_email_to_the_invite_address_and_it_verifies()
    {
        using var agent = app.Agent(NewAgentId(), "retail");
        var (email, phone) = (NewEmail("dana"), NewPhone());
        var session = await StartAsync(agent, Person("primary", "Dana Cole", Contact("email", email), Contact("sms", phone)));
        var (sessionId, participantId) = (Text(session["sessionId"]), ParticipantId(session, 0));
        var token = await _kit.InviteTokenAsync(email);
        Assert.Equal(HttpStatusCode.OK, (await _kit.OpenAsync(token)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _kit.RequestOtpAsync(token)).StatusCode);
        var sms = Assert.Single(await app.WaitForMessagesAsync(phone));
        var code = CodeIn(sms);
        await WaitForOtpDeliveryAsync(agent, sessionId, participantId, "sent");

        await ReportSmsFailedAsync(sms, phone);

        Assert.Equal(code, await _kit.CodeAsync(email, 2));
        var mail = app.MessagesTo(email)[1];
        Assert.Equal("email", mail.Channel);
        Assert.DoesNotContain("join#", mail.Text, StringComparison.Ordinal);
        await WaitForOtpDeliveryAsync(agent, sessionId, participantId, "sent");
        await ReportSmsFailedAsync(sms, phone);
        var events = await EventsAsync(sessionId);
        Assert.Equal("sms", Text(Assert.Single(events, e => e.Type == EventTypes.OtpDeliveryFailed).Data["to"]!["channel"]));
        var sent = events.Where(e => e.Type == EventTypes.OtpSent).Select(e => e.Data).ToList();
        Assert.Equal(2, sent.Count);
        Assert.Equal("sms", Text(Assert.Single(sent, e => !e["fallback"]!.GetValue<bool>())["to"]!["channel"]));
        Assert.Equal("email", Text(Assert.Single(sent, e => e["fallback"]!.GetValue<bool>())["to"]!["channel"]));
        Assert.All(events, e => Assert.Null(EventDataGuard.FindViolation(e.Data.ToJsonString())));

        Assert.Equal(HttpStatusCode.OK, (await _kit.VerifyAsync(token, code)).StatusCode);
        Assert.Equal(2, app.MessagesTo(email).Count);
        Assert.Single(app.MessagesTo(phone));
    }

    private async Task ReportSmsFailedAsync(RecordedMessage sms, string phone)
    {
        var now = app.Time.GetUtcNow();
        var report = $$"""
            [{ "id": "{{Guid.NewGuid()}}", "topic": "/subscriptions/x", "subject": "/phonenumber/{{phone[1..]}}",
               "data": { "messageId": "{{sms.MessageId}}", "from": "18005550199", "to": "{{phone}}", "deliveryStatus": "Failed",
                         "deliveryStatusDetails": "Number not reachable.", "receivedTimestamp": "{{now:O}}" },
               "eventType": "Microsoft.Communication.SMSDeliveryReportReceived", "dataVersion": "1.0", "metadataVersion": "1",
               "eventTime": "{{now:O}}" }]
            """;
        using var response = await app.Anonymous.PostAsync($"/api/webhooks/acs?code={app.Setting("LocalHost__FunctionKeys__default")}",
            new StringContent(report, Encoding.UTF8, "application/json"));
        Assert.True(response.IsSuccessStatusCode, $"webhook answered {(int)response.StatusCode}");
    }

    private async Task<List<(string Type, JsonObject Data)>> EventsAsync(string sessionId) =>
        [.. (await _kit.RowsAsync(sessionId)).Where(r => r.RowKey.StartsWith("outbox|", StringComparison.Ordinal)).OrderBy(r => r.RowKey)
            .Select(r => (r.GetString("Type"), JsonNode.Parse(r.GetString("Data"))!.AsObject()))];
}
