using OtpSessions.Core.Events;

namespace OtpSessions.Functions.Events;

/// <summary>Every 30 s (and at start-up): publishes what the publication right after each commit missed (a failure, a stopped process), and retries failures.</summary>
public sealed class OutboxSweepFunction(OutboxDispatcher dispatcher)
{
    public const string Schedule = "*/30 * * * * *";

    [Function("OutboxSweep")]
    public Task Run([TimerTrigger(Schedule, RunOnStartup = true)] TimerInfo timer, CancellationToken cancellationToken) =>
        dispatcher.SweepAsync(cancellationToken);
}
