using OtpSessions.Core.Sessions;
using static OtpSessions.Core.Tests.Sessions.SessionFixtures;

namespace OtpSessions.Core.Tests.Sessions;

/// <summary>An invitation's delivery transitions (<see cref="InvitationState.Outcome"/>, <see cref="InvitationState.Reported"/>), pure.</summary>
public sealed class InvitationStateTests
{
    private static InvitationState Pending(int attempt = 2) =>
        new("i_1", attempt, InvitationStatus.Pending, Now.AddMinutes(-1), Now.AddDays(7), "hash");

    [Fact]
    public void An_accepted_send_of_the_pending_attempt_is_sent_at_that_moment_under_the_providers_id()
    {
        var sent = Pending().Outcome(2, "msg-1", Now);

        Assert.Equal((InvitationStatus.Sent, Now, "msg-1"), (sent!.Status, sent.SentAt, sent.ProviderMessageId));
    }

    [Fact]
    public void A_refused_or_poisoned_send_of_the_pending_attempt_is_failed_and_never_sent()
    {
        var failed = Pending().Outcome(2, acceptedAs: null, Now);

        Assert.Equal((InvitationStatus.Failed, (DateTimeOffset?)null), (failed!.Status, failed.SentAt));
    }

    [Fact]
    public void An_outcome_for_another_attempt_or_one_already_recorded_changes_nothing()
    {
        Assert.Null(Pending(attempt: 3).Outcome(2, "msg-1", Now));
        Assert.Null(Pending().Outcome(2, "msg-1", Now)!.Outcome(2, acceptedAs: null, Now));
    }

    [Fact]
    public void A_report_for_the_current_send_marks_it_delivered_or_failed_once()
    {
        var sent = Pending().Outcome(2, "msg-1", Now)!;

        var delivered = sent.Reported(sent.IdempotencyId, delivered: true, "msg-1", Now.AddSeconds(5));
        var undelivered = sent.Reported(sent.IdempotencyId, delivered: false, "msg-1", Now.AddSeconds(5));

        Assert.Equal((InvitationStatus.Delivered, Now), (delivered!.Status, delivered.SentAt));
        Assert.Equal(InvitationStatus.Failed, undelivered!.Status);
        Assert.Null(delivered.Reported(sent.IdempotencyId, delivered: false, "msg-1", Now.AddSeconds(9)));
    }

    [Fact]
    public void A_late_report_for_an_earlier_attempt_never_marks_the_current_one()
    {
        var current = Pending(attempt: 3).Outcome(3, "msg-3", Now)!;

        Assert.Null(current.Reported(Pending(attempt: 2).IdempotencyId, delivered: false, "msg-2", Now));
    }

    [Fact]
    public void A_report_that_overtakes_the_workers_record_counts_from_when_it_arrived()
    {
        var reported = Pending().Reported(Pending().IdempotencyId, delivered: true, "msg-1", Now.AddSeconds(3));

        Assert.Equal((InvitationStatus.Delivered, Now.AddSeconds(3), "msg-1"), (reported!.Status, reported.SentAt, reported.ProviderMessageId));
    }
}
