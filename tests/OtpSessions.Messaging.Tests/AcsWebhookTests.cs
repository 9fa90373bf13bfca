using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Moq;
using OtpSessions.Core.Messaging;
using OtpSessions.Functions.Webhooks;
using OtpSessions.Infrastructure.Acs;
using OtpSessions.Infrastructure.Auth;

namespace OtpSessions.Messaging.Tests;

public sealed class AcsWebhookTests
{
    private static readonly DateTimeOffset Now = new(2025, 3, 1, 9, 0, 0, TimeSpan.Zero);

    // The shapes ACS documents for Event Grid (SMS has been published in PascalCase and in camelCase).
    private const string Handshake = """
        [{ "id": "2d1781af-3a4c-4d7c-bd0c-e34b19da4e66", "topic": "/subscriptions/x", "subject": "",
           "data": { "validationCode": "512d38b6-c7b8-40c8-89fe-f46f9e9622b6",
                     "validationUrl": "https://rp-eastus2.eventgrid.azure.net:553/eventsubscriptions/x/validate?id=1&t=2&apiVersion=2018-05-01-preview&token=3" },
           "eventType": "Microsoft.EventGrid.SubscriptionValidationEvent", "eventTime": "2025-03-01T08:59:00Z",
           "metadataVersion": "1", "dataVersion": "1" }]
        """;

    private const string SmsDelivered = """
        [{ "id": "Outgoing_202009180022138813a09b-0cbf-4304-9b03-1546683bb910", "topic": "/subscriptions/x",
           "subject": "/phonenumber/15555555555",
           "data": { "MessageId": "Outgoing_202009180022138813a09b-0cbf-4304-9b03-1546683bb910", "From": "15555555555",
                     "To": "+15555555555", "DeliveryStatus": "Delivered", "DeliveryStatusDetails": "No error.",
                     "ReceivedTimestamp": "2020-09-18T00:22:20.2855749Z",
                     "DeliveryAttempts": [{ "Timestamp": "2020-09-18T00:22:14.9315918Z", "SegmentsSucceeded": 1, "SegmentsFailed": 0 }],
                     "Tag": "s_1|p_1" },
           "eventType": "Microsoft.Communication.SMSDeliveryReportReceived", "dataVersion": "1.0", "metadataVersion": "1",
           "eventTime": "2020-09-18T00:22:20Z" }]
        """;

    private const string SmsFailedAndEmailBounced = """
        [{ "id": "1", "topic": "/subscriptions/x", "subject": "/phonenumber/15555555555",
           "data": { "messageId": "Outgoing_1", "from": "15555555555", "to": "+15555555555", "deliveryStatus": "Failed",
                     "deliveryStatusDetails": "Number not reachable.", "receivedTimestamp": "2025-03-01T08:58:00Z" },
           "eventType": "Microsoft.Communication.SMSDeliveryReportReceived", "dataVersion": "1.0", "metadataVersion": "1",
           "eventTime": "2025-03-01T08:58:01Z" },
         { "id": "2", "topic": "/subscriptions/x", "subject": "sender/DoNotReply@contoso.example/message/0f2e…",
           "data": { "sender": "DoNotReply@contoso.example", "recipient": "dana@example.com",
                     "messageId": "7c0bd1f4-27a0-4a2b-8d0a-111111111111", "status": "Bounced",
                     "deliveryStatusDetails": { "statusMessage": "Mailbox unavailable." },
                     "deliveryAttemptTimeStamp": "2025-03-01T08:57:00Z" },
           "eventType": "Microsoft.Communication.EmailDeliveryReportReceived", "dataVersion": "1.0", "metadataVersion": "1",
           "eventTime": "2025-03-01T08:57:01Z" }]
        """;

    private readonly AcsEventGridParser parser = new(new FakeTimeProvider(Now));
    private readonly Mock<IDeliveryReportSink> sink = new();

    [Fact]
    public async Task Validation_handshake_is_answered_with_the_code()
    {
        var result = await InvokeAsync(Handshake);

        var ok = Assert.IsType<OkObjectResult>(result);
        var body = Assert.IsType<Dictionary<string, string>>(ok.Value);
        Assert.Equal("512d38b6-c7b8-40c8-89fe-f46f9e9622b6", body["validationResponse"]);
        sink.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task Sms_delivery_report_reaches_the_sink()
    {
        var result = await InvokeAsync(SmsDelivered);

        Assert.IsType<OkResult>(result);
        sink.Verify(s => s.ApplyAsync(new DeliveryReport(
            "Outgoing_202009180022138813a09b-0cbf-4304-9b03-1546683bb910", "sms", DeliveryReportStatus.Delivered, "s_1|p_1",
            DateTimeOffset.Parse("2020-09-18T00:22:20.2855749Z", System.Globalization.CultureInfo.InvariantCulture), null),
            It.IsAny<CancellationToken>()), Times.Once);
        sink.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task Failed_sms_and_bounced_email_reach_the_sink_as_failures_with_their_details()
    {
        var result = await InvokeAsync(SmsFailedAndEmailBounced);

        Assert.IsType<OkResult>(result);
        sink.Verify(s => s.ApplyAsync(new DeliveryReport("Outgoing_1", "sms", DeliveryReportStatus.Failed, null,
            new DateTimeOffset(2025, 3, 1, 8, 58, 0, TimeSpan.Zero), "Number not reachable."), It.IsAny<CancellationToken>()), Times.Once);
        sink.Verify(s => s.ApplyAsync(new DeliveryReport("7c0bd1f4-27a0-4a2b-8d0a-111111111111", "email", DeliveryReportStatus.Failed, null,
            new DateTimeOffset(2025, 3, 1, 8, 57, 0, TimeSpan.Zero), "Bounced: Mailbox unavailable."), It.IsAny<CancellationToken>()), Times.Once);
        sink.VerifyNoOtherCalls();
    }

    [Theory]
    [InlineData("Delivered", DeliveryReportStatus.Delivered)]
    [InlineData("Failed", DeliveryReportStatus.Failed)]
    [InlineData("Suppressed", DeliveryReportStatus.Failed)]
    [InlineData("Quarantined", DeliveryReportStatus.Failed)]
    [InlineData("FilteredSpam", DeliveryReportStatus.Failed)]
    public async Task Email_statuses_other_than_delivered_are_failures(string status, DeliveryReportStatus expected)
    {
        var payload = await parser.ParseAsync(Body(EmailEvent(status)), CancellationToken.None);

        var report = Assert.Single(Assert.IsType<AcsWebhookPayload.Reports>(payload).Items);
        Assert.Equal(expected, report.Status);
        Assert.Equal("email", report.Channel);
        Assert.Equal(Now, report.ReceivedAt);
    }

    [Fact]
    public async Task Expanded_email_and_unrelated_events_are_ignored()
    {
        var unrelated = """
            { "id": "3", "topic": "/subscriptions/x", "subject": "/phonenumber/15555555555", "eventType": "Microsoft.Communication.SMSReceived",
              "data": { "messageId": "Incoming_1", "from": "15555555555", "to": "+15555555556", "message": "hi", "receivedTimestamp": "2025-03-01T08:59:00Z" },
              "dataVersion": "1.0", "metadataVersion": "1", "eventTime": "2025-03-01T08:59:00Z" }
            """;
        var custom = """
            { "id": "4", "topic": "/subscriptions/x", "subject": "s", "eventType": "Contoso.Something.Happened", "data": { "messageId": "x" },
              "dataVersion": "1.0", "metadataVersion": "1", "eventTime": "2025-03-01T08:59:00Z" }
            """;
        var payload = await parser.ParseAsync(Body($"[{EmailEvent("Expanded").Trim()[1..^1]}, {unrelated}, {custom}]"), CancellationToken.None);

        Assert.Empty(Assert.IsType<AcsWebhookPayload.Reports>(payload).Items);
    }

    [Fact]
    public async Task An_email_delivery_report_as_acs_sends_it_is_read_through_the_event_grid_sdk_with_its_attempt_time()
    {
        const string delivered = """
            [{ "id": "00000000-0000-0000-0000-000000000000", "topic": "/subscriptions/x/resourceGroups/rg/providers/microsoft.communication/communicationservices/acs",
               "subject": "sender/DoNotReply@contoso.example/message/00000000-0000-0000-0000-000000000000",
               "data": { "sender": "DoNotReply@contoso.example", "recipient": "dana@example.com",
                         "messageId": "00000000-0000-0000-0000-000000000000", "status": "Delivered",
                         "deliveryStatusDetails": { "statusMessage": "No error." },
                         "deliveryAttemptTimeStamp": "2025-03-01T08:56:00.2855749+00:00" },
               "eventType": "Microsoft.Communication.EmailDeliveryReportReceived", "dataVersion": "1.0", "metadataVersion": "1",
               "eventTime": "2025-03-01T08:56:01Z" }]
            """;

        var payload = await parser.ParseAsync(Body(delivered), CancellationToken.None);

        var report = Assert.Single(Assert.IsType<AcsWebhookPayload.Reports>(payload).Items);
        Assert.Equal(new DeliveryReport("00000000-0000-0000-0000-000000000000", "email", DeliveryReportStatus.Delivered, null,
            DateTimeOffset.Parse("2025-03-01T08:56:00.2855749+00:00", System.Globalization.CultureInfo.InvariantCulture), null), report);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("{}")]
    [InlineData("[]")]
    [InlineData("[42]")]
    [InlineData("""[{ "eventType": "Microsoft.Communication.SMSDeliveryReportReceived" }]""")]
    [InlineData("""[{ "eventType": "Microsoft.Communication.SMSDeliveryReportReceived", "data": { "deliveryStatus": "Delivered" } }]""")]
    [InlineData("""[{ "eventType": "Microsoft.Communication.EmailDeliveryReportReceived", "data": { "messageId": "x" } }]""")]
    [InlineData("""[{ "eventType": "Microsoft.EventGrid.SubscriptionValidationEvent", "data": {} }]""")]
    public async Task Malformed_events_are_a_400_invalid_request(string body)
    {
        var result = await InvokeAsync(body);

        AssertInvalidRequest(result);
        sink.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task A_body_over_64_KiB_is_a_400_invalid_request()
    {
        var padding = new string(' ', AcsEventGridParser.MaxBodyBytes);

        AssertInvalidRequest(await InvokeAsync(SmsDelivered + padding));
        AssertInvalidRequest(await InvokeAsync(SmsDelivered + padding, contentLength: false));
        sink.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task A_body_that_is_not_json_content_is_a_400_invalid_request()
    {
        AssertInvalidRequest(await InvokeAsync(SmsDelivered, contentType: "text/plain"));
        sink.VerifyNoOtherCalls();
    }

    private static string EmailEvent(string status) => $$"""
        [{ "id": "e", "topic": "/subscriptions/x", "subject": "sender/DoNotReply@contoso.example/message/op-1",
           "eventType": "Microsoft.Communication.EmailDeliveryReportReceived",
           "data": { "sender": "DoNotReply@contoso.example", "recipient": "dana@example.com", "messageId": "op-1", "status": "{{status}}" },
           "dataVersion": "1.0", "metadataVersion": "1", "eventTime": "2025-03-01T09:00:00Z" }]
        """;

    private static void AssertInvalidRequest(IActionResult result)
    {
        var problem = Assert.IsType<ObjectResult>(result);
        Assert.Equal(400, problem.StatusCode);
        var details = Assert.IsType<ProblemDetails>(problem.Value);
        Assert.Equal("invalid_request", details.Extensions["code"]);
    }

    /// <summary>Local development: no Event Grid Entra settings, so the function key (checked by the host) is the only check.</summary>
    private static readonly AcsWebhookAuthenticator KeyOnly = new(Options.Create(new AcsWebhookOptions()), new HttpsOpenIdMetadataSource(),
        TimeProvider.System, NullLogger<AcsWebhookAuthenticator>.Instance);

    private Task<IActionResult> InvokeAsync(string body, string contentType = "application/json", bool contentLength = true)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        var context = new DefaultHttpContext();
        context.Request.Method = "POST";
        context.Request.ContentType = contentType;
        context.Request.ContentLength = contentLength ? bytes.Length : null;
        context.Request.Body = new MemoryStream(bytes);
        return new AcsWebhookFunction(KeyOnly, parser, sink.Object).AcsWebhook(context.Request, CancellationToken.None);
    }

    private static MemoryStream Body(string body) => new(Encoding.UTF8.GetBytes(body));
}
