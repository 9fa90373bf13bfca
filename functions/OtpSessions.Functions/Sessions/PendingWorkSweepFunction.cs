using OtpSessions.Infrastructure.Sessions;

namespace OtpSessions.Functions.Sessions;

/// <summary>Every 30 s (and at start-up): enqueues the invitations and code deliveries that a commit recorded but its request did not relay.</summary>
public sealed class PendingWorkSweepFunction(PendingWorkRelay relay)
{
    public const string Schedule = "*/30 * * * * *";

    [Function("PendingWorkSweep")]
    public Task Run([TimerTrigger(Schedule, RunOnStartup = true)] TimerInfo timer, CancellationToken cancellationToken) =>
        relay.SweepAsync(cancellationToken);
}
