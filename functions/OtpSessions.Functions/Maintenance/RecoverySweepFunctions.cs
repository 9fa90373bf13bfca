using OtpSessions.Core.Events;
using OtpSessions.Infrastructure.Sessions;

namespace OtpSessions.Functions.Maintenance;

/// <summary>
/// The two recovery sweeps, every 30 s and at start-up. What a commit leaves for after its request — events to publish,
/// invitations and code deliveries to enqueue — is normally handed on at once; these pick up what a failure or a stopped
/// process left behind, and retry failed publishes.
/// </summary>
public sealed class RecoverySweepFunctions(OutboxDispatcher dispatcher, PendingWorkRelay relay)
{
    public const string Schedule = "*/30 * * * * *";

    /// <summary>Publishes the outbox rows the publication right after each commit missed.</summary>
    [Function("OutboxSweep")]
    public Task SweepOutbox([TimerTrigger(Schedule, RunOnStartup = true)] TimerInfo timer, CancellationToken cancellationToken) =>
        dispatcher.SweepAsync(cancellationToken);

    /// <summary>Enqueues the invitations and code deliveries that a commit recorded but its request did not relay.</summary>
    [Function("PendingWorkSweep")]
    public Task SweepPendingWork([TimerTrigger(Schedule, RunOnStartup = true)] TimerInfo timer, CancellationToken cancellationToken) =>
        relay.SweepAsync(cancellationToken);
}
