namespace OtpSessions.Core.Events;

/// <summary>Body of <c>GET /api/dev/outbox</c>: <c>{ "publishing": "off", "count", "events": [ … ] }</c>.</summary>
public sealed record OutboxListing(string Publishing, int Count, IReadOnlyList<PendingEventView> Events);
