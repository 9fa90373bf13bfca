using System.Security.Cryptography;

namespace OtpSessions.Core.Sessions;

/// <summary>
/// A queue message that a state change implies (an invitation to send, a code to deliver). It is committed with the
/// change itself (<see cref="SessionChange.Work"/>), so the commit and the promise to send stand or fall together; it is
/// relayed to its queue right after the commit (and then removed), and a sweep relays
/// whatever a failed enqueue or a dead process left behind. The queue consumers check the state and send with
/// repeatability ids, so a message relayed twice sends once. <see cref="MessageJson"/> holds ids only.
/// </summary>
public sealed record PendingWork(string WorkId, string SessionId, string Queue, string MessageJson, DateTimeOffset Time)
{
    /// <summary>Time-ordered and unique: ticks then random hex.</summary>
    public static string NewId(DateTimeOffset time) => $"{time.UtcTicks:D19}{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6))}";
}
