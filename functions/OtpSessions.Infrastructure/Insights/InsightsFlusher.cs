using Microsoft.Extensions.Hosting;
using OtpSessions.Core.Insights;

namespace OtpSessions.Infrastructure.Insights;

/// <summary>
/// Applies what this instance's commits collected (<see cref="InsightsFeed"/>) every <see cref="InsightsOptions.FlushInterval"/>,
/// and once more when the instance stops. Every instance runs one (a timer trigger would run on one instance only, and
/// the feed of the others would wait).
/// </summary>
public sealed class InsightsFlusher(InsightsProjector projector, IOptions<InsightsOptions> options) : BackgroundService
{
    private static readonly TimeSpan LastFlush = TimeSpan.FromSeconds(10);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // The cadence runs on the machine's clock, not on the app's TimeProvider: it decides when work is done, not what
        // any rule decides (a test that holds the app's clock still still sees its figures within the interval).
        using var timer = new PeriodicTimer(options.Value.FlushInterval, TimeProvider.System);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await projector.ProjectPendingAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        using var last = new CancellationTokenSource(LastFlush);
        await projector.ProjectPendingAsync(last.Token);
    }
}
