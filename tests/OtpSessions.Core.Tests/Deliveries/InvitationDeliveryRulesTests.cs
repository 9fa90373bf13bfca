using OtpSessions.Core.Deliveries;
using OtpSessions.Core.Messaging;
using OtpSessions.Core.Sessions;
using static OtpSessions.Core.Tests.Sessions.SessionFixtures;

namespace OtpSessions.Core.Tests.Deliveries;

/// <summary>
/// The invitation kind's rules, pure: which attempt an outcome or a report counts for (<see cref="InvitationDelivery.OnAccepted"/>,
/// <see cref="InvitationDelivery.OnFailed"/>, <see cref="InvitationDelivery.OnReport"/>), and a resend's next attempt.
/// </summary>
public sealed class InvitationDeliveryRulesTests
{
    private static InvitationState Pending(int attempt = 2) =>
        new InvitationState("i_1", Now.AddMinutes(-1), Now.AddDays(7), "hash") with
        {
            Delivery = Delivery.Queued(DeliveryKindNames.Invitation, "i_1", attempt),
        };

    private static InvitationState With(InvitationState invitation, Delivery? delivery) => invitation with { Delivery = delivery! };

    [Fact]
    public void A_new_link_is_attempt_one_queued_and_its_send_id_names_the_invitation()
    {
        var link = new InvitationState("i_9", Now, Now.AddDays(7), "hash");

        Assert.Equal((1, DeliveryStatus.Queued, "invitation:i_9:1"), (link.Attempt, link.Status, link.SendId));
    }

    [Fact]
    public void A_resend_of_the_same_link_is_the_next_attempt_queued_and_forgets_the_last_send()
    {
        var sent = With(Pending(), InvitationDelivery.OnAccepted(Pending(), 2, "msg-1", Now));

        var resent = sent.Resent(Now.AddMinutes(5));

        Assert.Equal((3, DeliveryStatus.Queued, Now.AddMinutes(5)), (resent.Attempt, resent.Status, resent.RequestedAt));
        Assert.Equal((null, null, "i_1"), (resent.SentAt, resent.Delivery.ProviderMessageId, resent.InvitationId));
        Assert.Equal("invitation:i_1:3", resent.SendId);
    }

    [Fact]
    public void An_accepted_send_of_the_pending_attempt_is_sent_at_that_moment_under_the_providers_id()
    {
        var sent = InvitationDelivery.OnAccepted(Pending(), 2, "msg-1", Now);

        Assert.Equal((DeliveryStatus.Sent, Now, "msg-1"), (sent!.Status, sent.SentAt, sent.ProviderMessageId));
    }

    [Fact]
    public void A_refused_or_poisoned_send_of_the_pending_attempt_is_failed_and_never_sent()
    {
        var failed = InvitationDelivery.OnFailed(Pending(), 2);

        Assert.Equal((DeliveryStatus.Failed, (DateTimeOffset?)null), (failed!.Status, failed.SentAt));
    }

    [Fact]
    public void An_outcome_for_another_attempt_or_one_already_recorded_changes_nothing()
    {
        Assert.Null(InvitationDelivery.OnAccepted(Pending(attempt: 3), 2, "msg-1", Now));
        Assert.Null(InvitationDelivery.OnFailed(Pending(attempt: 3), 2));
        var sent = With(Pending(), InvitationDelivery.OnAccepted(Pending(), 2, "msg-1", Now));
        Assert.Null(InvitationDelivery.OnFailed(sent, 2));
        Assert.Null(InvitationDelivery.OnAccepted(sent, 2, "msg-1", Now));
    }

    [Fact]
    public void A_report_for_the_current_send_marks_it_delivered_or_failed_once()
    {
        var sent = With(Pending(), InvitationDelivery.OnAccepted(Pending(), 2, "msg-1", Now));

        var delivered = InvitationDelivery.OnReport(sent, sent.SendId, delivered: true, "msg-1", Now.AddSeconds(5));
        var undelivered = InvitationDelivery.OnReport(sent, sent.SendId, delivered: false, "msg-1", Now.AddSeconds(5));

        Assert.Equal((DeliveryStatus.Delivered, Now), (delivered!.Status, delivered.SentAt));
        Assert.Equal(DeliveryStatus.Failed, undelivered!.Status);
        Assert.Null(InvitationDelivery.OnReport(With(sent, delivered), sent.SendId, delivered: false, "msg-1", Now.AddSeconds(9)));
    }

    [Fact]
    public void A_late_report_for_an_earlier_attempt_never_marks_the_current_one()
    {
        var current = With(Pending(attempt: 3), InvitationDelivery.OnAccepted(Pending(attempt: 3), 3, "msg-3", Now));

        Assert.Null(InvitationDelivery.OnReport(current, Pending(attempt: 2).SendId, delivered: false, "msg-2", Now));
    }

    [Fact]
    public void A_report_that_overtakes_the_workers_record_counts_from_when_it_arrived()
    {
        var reported = InvitationDelivery.OnReport(Pending(), Pending().SendId, delivered: true, "msg-1", Now.AddSeconds(3));

        Assert.Equal((DeliveryStatus.Delivered, Now.AddSeconds(3), "msg-1"), (reported!.Status, reported.SentAt, reported.ProviderMessageId));
    }
}
