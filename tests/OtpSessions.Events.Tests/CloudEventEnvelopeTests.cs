using System.Text.Json;
using OtpSessions.Core.Events;
using OtpSessions.Infrastructure.Events;
using Xunit;

namespace OtpSessions.Events.Tests;

public sealed class CloudEventEnvelopeTests
{
    private static readonly OutboxEvent Event = new("evt_0638712345678901234000a1b2c3d4e5", "s_42", EventTypes.OtpSent,
        new DateTimeOffset(2030, 1, 1, 10, 30, 15, 123, TimeSpan.FromHours(2)),
        """{"sessionId":"s_42","participantId":"p_1","channel":"sms","sentTo":"+1******0100","reference":"loan-8812"}""");

    [Fact]
    public void Body_is_a_cloudevents_1_0_structured_json_with_subject_session_id_and_utc_time()
    {
        using var body = JsonDocument.Parse(CloudEventEnvelope.Serialize(Event));
        var root = body.RootElement;

        Assert.Equal("1.0", root.GetProperty("specversion").GetString());
        Assert.Equal(Event.EventId, root.GetProperty("id").GetString());
        Assert.Equal("/otp-sessions", root.GetProperty("source").GetString());
        Assert.Equal("otp.sent", root.GetProperty("type").GetString());
        Assert.Equal("s_42", root.GetProperty("subject").GetString());
        Assert.Equal("2030-01-01T08:30:15.123Z", root.GetProperty("time").GetString());
        Assert.Equal("application/json", root.GetProperty("datacontenttype").GetString());
        Assert.Equal(JsonValueKind.Object, root.GetProperty("data").ValueKind);
        Assert.Equal("+1******0100", root.GetProperty("data").GetProperty("sentTo").GetString());
        Assert.Equal("loan-8812", root.GetProperty("data").GetProperty("reference").GetString());
    }

    [Fact]
    public void Message_carries_event_id_session_id_type_and_the_cloudevents_content_type()
    {
        var message = ServiceBusEventPublisher.ToMessage(Event);

        Assert.Equal(Event.EventId, message.MessageId);
        Assert.Equal("s_42", message.SessionId);
        Assert.Equal("otp.sent", message.Subject);
        Assert.Equal("application/cloudevents+json", message.ContentType);
        Assert.Equal(CloudEventEnvelope.Serialize(Event), message.Body.ToArray());
    }

    [Theory]
    [InlineData("team|retail", EventTypes.SendsBudgetExceeded, "retail", "team:retail")]
    [InlineData("team|retail", EventTypes.PolicyChanged, "retail", "team:retail")]
    [InlineData("app", EventTypes.SendsBudgetWarning, "app", "app")]
    public void An_event_of_no_session_carries_the_team_or_app_as_subject_and_team_colon_team_as_session_id(
        string partition, string type, string subject, string sessionId)
    {
        var teamEvent = Event with { SessionId = partition, Type = type, DataJson = """{"budget":"team","team":"retail"}""" };

        using var body = JsonDocument.Parse(CloudEventEnvelope.Serialize(teamEvent));
        var message = ServiceBusEventPublisher.ToMessage(teamEvent);

        Assert.Equal(subject, body.RootElement.GetProperty("subject").GetString());
        Assert.Equal(sessionId, message.SessionId);
    }
}
