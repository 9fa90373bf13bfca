using OtpSessions.Core.Messaging;
using static OtpSessions.Core.Tests.Sessions.SessionFixtures;

namespace OtpSessions.Core.Tests.Messaging;

/// <summary>The steps every delivery kind takes (<see cref="Delivery"/>), pure: accepted, failed, reported, and its send id.</summary>
public sealed class DeliveryTests
{
    private static readonly Delivery Queued = Delivery.Queued("reminder", "r_1", 2);

    [Fact]
    public void A_send_id_names_the_kind_the_item_and_the_send()
    {
        Assert.Equal("reminder:r_1:2", Queued.SendId);
        Assert.Equal((DeliveryStatus.None, null, 0), (Delivery.None("code").Status, Delivery.None("code").Item, Delivery.None("code").Send));
    }

    [Theory]
    [InlineData(DeliveryStatus.None, false)]
    [InlineData(DeliveryStatus.Queued, false)]
    [InlineData(DeliveryStatus.Sent, false)]
    [InlineData(DeliveryStatus.Refused, false)]
    [InlineData(DeliveryStatus.Delivered, true)]
    [InlineData(DeliveryStatus.Failed, true)]
    public void Only_delivered_and_failed_are_final(DeliveryStatus status, bool final) =>
        Assert.Equal(final, (Queued with { Status = status }).IsFinal);

    [Fact]
    public void An_accepted_send_is_sent_at_that_moment_under_the_providers_id_and_keeps_what_it_is_about()
    {
        var refusedBefore = Queued with { RetryAt = Now.AddHours(1) };

        var sent = refusedBefore.Accepted("msg-1", Now);

        Assert.Equal((DeliveryStatus.Sent, Now, "msg-1", null), (sent.Status, sent.SentAt, sent.ProviderMessageId, sent.RetryAt));
        Assert.Equal(("reminder", "r_1", 2), (sent.Kind, sent.Item, sent.Send));
    }

    [Fact]
    public void A_report_of_the_same_message_that_came_first_keeps_its_final_status_when_the_send_is_accepted()
    {
        var reported = Queued.Reported(delivered: false, "msg-1", Now)!;

        Assert.Same(reported, reported.Accepted("msg-1", Now.AddSeconds(1)));
        Assert.Equal(DeliveryStatus.Sent, reported.Accepted("msg-2", Now.AddSeconds(1)).Status);
        Assert.Equal(DeliveryStatus.Sent, (Queued with { Status = DeliveryStatus.Sent, ProviderMessageId = "msg-1" }).Accepted("msg-1", Now).Status);
    }

    [Fact]
    public void A_failed_send_keeps_when_it_went_and_under_which_id()
    {
        var failed = Queued.Accepted("msg-1", Now).Failed();

        Assert.Equal((DeliveryStatus.Failed, Now, "msg-1"), (failed.Status, failed.SentAt, failed.ProviderMessageId));
    }

    [Fact]
    public void A_report_marks_a_send_delivered_or_failed_once()
    {
        var sent = Queued.Accepted("msg-1", Now);

        var delivered = sent.Reported(delivered: true, "msg-1", Now.AddSeconds(5))!;
        var undelivered = sent.Reported(delivered: false, "msg-1", Now.AddSeconds(5))!;

        Assert.Equal((DeliveryStatus.Delivered, Now), (delivered.Status, delivered.SentAt));
        Assert.Equal(DeliveryStatus.Failed, undelivered.Status);
        Assert.Null(delivered.Reported(delivered: false, "msg-1", Now.AddSeconds(9)));
        Assert.Null(undelivered.Reported(delivered: true, "msg-1", Now.AddSeconds(9)));
    }

    [Fact]
    public void A_report_before_the_workers_record_counts_from_when_it_arrived_under_the_reported_id()
    {
        var reported = Queued.Reported(delivered: true, "msg-7", Now.AddSeconds(3))!;

        Assert.Equal((DeliveryStatus.Delivered, Now.AddSeconds(3), "msg-7"), (reported.Status, reported.SentAt, reported.ProviderMessageId));
    }
}
