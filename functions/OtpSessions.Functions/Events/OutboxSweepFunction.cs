using Microsoft.Azure.Functions.Worker;
using OtpSessions.Infrastructure.Events;

namespace OtpSessions.Functions.Events;

/// <summary>Every 30 s (and at start-up): publishes whatever the dispatch signals left behind, and retries failures.</summary>
public sealed class OutboxSweepFunction(OutboxDispatcher dispatcher)
{
    public const string Schedule = "*/30 * * * * *";

    [Function("OutboxSweep")]
    public Task Run([TimerTrigger(Schedule, RunOnStartup = true)] TimerInfo timer, CancellationToken cancellationToken) =>
        dispatcher.SweepAsync(cancellationToken);
}
