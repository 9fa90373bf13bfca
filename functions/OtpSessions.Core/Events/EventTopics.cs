namespace OtpSessions.Core.Events;

/// <summary>Where integration events go, and how they say where they come from (docs/api.md).</summary>
public static class EventTopics
{
    /// <summary>The Service Bus topic every integration event is published to.</summary>
    public const string SessionEvents = "session-events";

    /// <summary>The CloudEvents <c>source</c> of every event this app publishes.</summary>
    public const string Source = "/otp-sessions";

    /// <summary>The content type of a CloudEvents 1.0 structured-mode JSON message.</summary>
    public const string CloudEventsContentType = "application/cloudevents+json";
}
