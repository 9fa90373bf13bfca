using OtpSessions.Core.Sessions;

namespace OtpSessions.Core.Tests.Sessions;

public sealed class ConcurrencyRetryTests
{
    [Fact]
    public async Task A_step_that_loses_a_few_races_is_decided_again_until_it_wins()
    {
        var attempts = 0;

        var outcome = await ConcurrencyRetry.DecideAsync<int>(() =>
            ++attempts < 3 ? throw new ConcurrencyConflictException() : Task.FromResult<Outcome<int>>(attempts));

        Assert.Equal(3, outcome.Value);
        Assert.Equal(3, attempts);
    }

    [Fact]
    public async Task A_step_that_keeps_losing_is_503_busy_with_retry_after_after_the_last_attempt_never_an_exception()
    {
        var attempts = 0;

        var outcome = await ConcurrencyRetry.DecideAsync<int>(() =>
        {
            attempts++;
            throw new ConcurrencyConflictException();
        });

        Assert.Equal(ConcurrencyRetry.MaxAttempts, attempts);
        Assert.Equal((FailureKind.Unavailable, ErrorCodes.Busy), (outcome.Failure!.Kind, outcome.Failure.Code));
        Assert.Equal(ConcurrencyRetry.BusyRetryAfter, outcome.Failure.RetryAfter);
    }

    [Fact]
    public async Task Without_an_outcome_the_last_conflict_is_thrown_so_a_queue_message_is_retried()
    {
        var attempts = 0;

        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => ConcurrencyRetry.RunAsync<int>(() =>
        {
            attempts++;
            throw new ConcurrencyConflictException();
        }));

        Assert.Equal(ConcurrencyRetry.MaxAttempts, attempts);
    }
}
