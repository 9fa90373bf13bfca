using System.Text.Json;

namespace OtpSessions.FaultHarness;

/// <summary>What the recording Service Bus received, read as the topic's subscribers would read it.</summary>
public static class Events
{
    /// <summary>Each event once (the first arrival of each MessageId: the broker's duplicate detection drops the rest).</summary>
    public static IReadOnlyList<BusMessage> FirstArrivals(IEnumerable<BusMessage> received) =>
        [.. received.GroupBy(m => m.MessageId, StringComparer.Ordinal).Select(g => g.First()).OrderBy(m => m.At)];

    /// <summary>MessageIds that arrived more than once (at-least-once publishing; the broker drops the repeats).</summary>
    public static int Repeats(IEnumerable<BusMessage> received) =>
        received.GroupBy(m => m.MessageId, StringComparer.Ordinal).Sum(g => g.Count() - 1);

    /// <summary>
    /// Sessions whose events did not arrive in the order they happened: an event's id is its outbox row key, which orders a
    /// session's events as they were committed, so first arrivals must come in ascending id order per session.
    /// </summary>
    public static IReadOnlyList<string> OutOfOrderSessions(IEnumerable<BusMessage> received, ISet<string>? sessions = null) =>
        [.. FirstArrivals(received)
            .Where(m => sessions is null || sessions.Contains(m.SessionId))
            .GroupBy(m => m.SessionId, StringComparer.Ordinal)
            .Where(g => !g.Select(m => m.MessageId).SequenceEqual(g.Select(m => m.MessageId).Order(StringComparer.Ordinal)))
            .Select(g => g.Key)];

    /// <summary>The participant id an event's CloudEvents <c>data</c> names, if any.</summary>
    public static string? ParticipantId(BusMessage message)
    {
        try
        {
            using var document = JsonDocument.Parse(message.Body);
            return document.RootElement.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Object
                && data.TryGetProperty("participantId", out var id) ? id.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
