using System.Globalization;
using Microsoft.Azure.Functions.Worker;
using NCrontab;

namespace OtpSessions.LocalHost.Hosting;

/// <summary>Runs one timer-triggered function on its NCRONTAB (6 fields, with seconds) or TimeSpan schedule.</summary>
public sealed partial class TimerTriggerScheduler(
    LocalFunction function, IServiceProvider services, TimeProvider time, ILogger<TimerTriggerScheduler> logger) : BackgroundService
{
    private readonly Func<DateTime, DateTime> _next = ParseSchedule(function);

    public static Func<DateTime, DateTime> ParseSchedule(LocalFunction function)
    {
        var schedule = function.Trigger.Schedule
            ?? throw new InvalidOperationException($"Local host cannot serve function '{function.Name}': its timer has no schedule.");
        if (TimeSpan.TryParse(schedule, CultureInfo.InvariantCulture, out var interval) && interval > TimeSpan.Zero)
        {
            return last => last + interval;
        }
        var fields = schedule.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
        var cron = CrontabSchedule.TryParse(schedule, new CrontabSchedule.ParseOptions { IncludingSeconds = fields == 6 })
            ?? throw new InvalidOperationException($"Local host cannot serve function '{function.Name}': '{schedule}' is not a valid NCRONTAB expression.");
        return cron.GetNextOccurrence;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var last = time.GetUtcNow().UtcDateTime;
        if (function.Trigger.RunOnStartup)
        {
            await RunAsync(last, _next(last), isPastDue: false, stoppingToken);
        }
        while (!stoppingToken.IsCancellationRequested)
        {
            var next = _next(last);
            var wait = next - time.GetUtcNow().UtcDateTime;
            try
            {
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, time, stoppingToken);
                }
            }
            catch (OperationCanceledException)
            {
                return;
            }
            // As the Functions host does: occurrences missed while the clock jumped (or the process slept) are run once,
            // marked past due, never replayed one by one; the schedule then goes on from now.
            var now = time.GetUtcNow().UtcDateTime;
            var isPastDue = _next(next) <= now;
            last = isPastDue ? now : next;
            await RunAsync(last, _next(last), isPastDue, stoppingToken);
        }
    }

    private async Task RunAsync(DateTime last, DateTime next, bool isPastDue, CancellationToken stoppingToken)
    {
        var info = new TimerInfo
        {
            IsPastDue = isPastDue,
            ScheduleStatus = new ScheduleStatus { Last = last, Next = next, LastUpdated = time.GetUtcNow().UtcDateTime },
        };
        try
        {
            await using var scope = services.CreateAsyncScope();
            await function.InvokeAsync(new InvocationInput(scope.ServiceProvider, stoppingToken) { Timer = info });
        }
        catch (Exception e) when (!stoppingToken.IsCancellationRequested)
        {
            LogFailed(e, function.Name);
        }
    }

    [LoggerMessage(LogLevel.Error, "Timer function {Function} failed")]
    private partial void LogFailed(Exception exception, string function);
}
