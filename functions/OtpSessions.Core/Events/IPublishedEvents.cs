namespace OtpSessions.Core.Events;

/// <summary>
/// Port: events the broker accepted right after their commit whose outbox entries this process has not removed yet. The
/// store removes them later, together (with the session's next commit, or after a short wait); until then the dispatcher
/// must not publish them again. Memory only: what a process never removed, the sweep publishes once more (the broker
/// drops the repeated MessageId) and removes.
/// </summary>
public interface IPublishedEvents
{
    /// <summary>Records <paramref name="eventIds"/> of <paramref name="sessionId"/> as published, waiting for removal.</summary>
    void Add(string sessionId, IReadOnlyCollection<string> eventIds);

    /// <summary>Every published event of <paramref name="sessionId"/> still waiting for removal; the caller removes them or gives them back.</summary>
    IReadOnlyCollection<string> Take(string sessionId);
}
