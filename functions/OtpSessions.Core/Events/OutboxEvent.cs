using System.Globalization;
using System.Security.Cryptography;

namespace OtpSessions.Core.Events;

/// <summary>
/// An integration event waiting in the outbox. Stored with its session in the same commit as the state change it
/// reports (<see cref="Sessions.SessionChange.Events"/>), and published later (CloudEvents 1.0 on Service Bus topic
/// <c>session-events</c>).
/// <para>What is stored with it: <c>Type</c> (string), <c>Time</c> (DateTimeOffset), <c>Data</c> (JSON object as string:
/// ids, roles, channels, masked addresses, <c>reference</c> — never a code, token or full address),
/// <c>Attempts</c> (int, publish failures so far), <c>LastError</c> (string?), <c>Stuck</c> (bool, set after too many
/// failures), <c>ExpiresAt</c> (DateTimeOffset; the session's expiry). Written by the dispatcher only:
/// <c>NextAttemptAt</c> (DateTimeOffset?, back-off after a failure) and <c>Rejected</c> (bool, refused by
/// <see cref="EventDataGuard"/>; never published automatically). Publishing: see <c>docs/events.md</c>.</para>
/// </summary>
public sealed record OutboxEvent(string EventId, string SessionId, string Type, DateTimeOffset Time, string DataJson)
{
    /// <summary>
    /// A new event id that sorts by time, then by <paramref name="sequence"/> within one transaction, so that the
    /// ids of a session's outbox give the order in which its events happened.
    /// </summary>
    public static string NewId(DateTimeOffset time, int sequence) =>
        string.Create(CultureInfo.InvariantCulture, $"evt_{time.UtcTicks:D19}{sequence:D3}{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(5))}");
}
