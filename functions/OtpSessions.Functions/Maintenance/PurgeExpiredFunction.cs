namespace OtpSessions.Functions.Maintenance;

/// <summary>TTL: every 15 minutes, deletes the rows of every table whose <c>ExpiresAt</c> has passed, and logs how many.</summary>
public sealed partial class PurgeExpiredFunction(IExpiredRowPurger purger, ILogger<PurgeExpiredFunction> logger)
{
    public const string Schedule = "0 */15 * * * *";

    [Function("PurgeExpired")]
    public async Task Run([TimerTrigger(Schedule)] TimerInfo timer, CancellationToken cancellationToken)
    {
        var counts = await purger.PurgeAsync(cancellationToken);
        LogPurged(counts.Sum(c => c.Rows), string.Join(", ", counts.Select(c => $"{c.Table}={c.Rows}")));
    }

    [LoggerMessage(LogLevel.Information, "Purged {Rows} expired rows ({PerTable})")]
    private partial void LogPurged(int rows, string perTable);
}
