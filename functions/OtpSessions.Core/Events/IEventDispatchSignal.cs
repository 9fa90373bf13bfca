namespace OtpSessions.Core.Events;

/// <summary>
/// "Publish the outbox of this session now." Call it after committing a state change together with its outbox rows:
/// it enqueues <c>{ "sessionId" }</c> on <see cref="QueueNames.EventsDispatch"/>. Best effort — it never throws; a
/// failure is logged and the outbox sweep publishes the rows a little later instead.
/// </summary>
public interface IEventDispatchSignal
{
    Task SignalAsync(string sessionId, CancellationToken cancellationToken = default);
}
