using OtpSessions.Core.Common;
using OtpSessions.Core.Sessions;
using static OtpSessions.Core.Tests.Sessions.SessionFixtures;

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

    [Fact]
    public async Task The_first_attempt_decides_on_the_snapshot_already_read_and_each_retry_on_a_fresh_read()
    {
        var session = Session();
        var alreadyRead = new ParticipantSnapshot(session, Participant(session));
        var fresh = new ParticipantSnapshot(session, Participant(session) with { Name = "fresh" });
        var (reads, decided) = (0, new List<ParticipantSnapshot?>());

        var result = await ConcurrencyRetry.RunAsync(ConcurrencyRetry.FirstThenFresh(alreadyRead,
            () => { reads++; return Task.FromResult<ParticipantSnapshot?>(fresh); },
            snapshot =>
            {
                decided.Add(snapshot);
                return decided.Count < 3 ? throw new ConcurrencyConflictException() : Task.FromResult(decided.Count);
            }));

        Assert.Equal(3, result);
        Assert.Equal([alreadyRead, fresh, fresh], decided);
        Assert.Equal(2, reads);
    }

    [Fact]
    public async Task Without_a_snapshot_already_read_the_first_attempt_reads_one()
    {
        var session = Session();
        var fresh = new ParticipantSnapshot(session, Participant(session));
        var reads = 0;

        var decided = await ConcurrencyRetry.RunAsync(ConcurrencyRetry.FirstThenFresh(null,
            () => { reads++; return Task.FromResult<ParticipantSnapshot?>(fresh); }, Task.FromResult));

        Assert.Same(fresh, decided);
        Assert.Equal(1, reads);
    }
}
