using OtpSessions.Core.Common;
using OtpSessions.Core.Otp;
using OtpSessions.Core.Sessions;
using static OtpSessions.Core.Tests.Sessions.SessionFixtures;

namespace OtpSessions.Core.Tests.Sessions;

public sealed class OtpDeliveryRecordTests
{
    private static readonly Session OneSession = Session();

    private static Participant Asked(string codeId, int send, OtpDeliveryStatus status = OtpDeliveryStatus.Queued, int sendsAccepted = 0) =>
        Participant(OneSession, new Contact(Channel.Sms, "+14155550100")) with
        {
            OtpState = new OtpState { CodeId = codeId, ExpiresAt = Now.AddMinutes(10), ProtectedCode = "protected", CodeSends = send, CodeSendsAccepted = sendsAccepted },
            OtpDelivery = new DeliveryState<OtpDeliveryStatus>(status) { CodeId = codeId, Send = send },
        };

    private static OtpDeliveryRecord Recorded(Participant p, string codeId, int send, int accepted, OtpDeliveryStatus status) =>
        new(p.ParticipantId, accepted, new DeliveryState<OtpDeliveryStatus>(status, Now, "msg-1") { CodeId = codeId, Send = send }) { Version = new StoredVersion("W/\"1\"") };

    [Fact]
    public void Without_a_record_the_participant_row_stands()
    {
        var p = Asked("c1", 1);

        Assert.Same(p, OtpDeliveryRecord.Merge(p, null));
    }

    [Fact]
    public void A_send_a_budget_refused_stays_refused_whatever_the_record_says_of_an_earlier_code()
    {
        var earlier = Asked("c1", 1);
        var refused = earlier with
        {
            OtpState = OtpState.Initial,
            OtpDelivery = new DeliveryState<OtpDeliveryStatus>(OtpDeliveryStatus.Refused) { RetryAt = Now.AddHours(3) },
        };

        var merged = OtpDeliveryRecord.Merge(refused, Recorded(earlier, "c1", 1, 1, OtpDeliveryStatus.Delivered));

        Assert.Equal((OtpDeliveryStatus.Refused, Now.AddHours(3)), (merged.OtpDelivery.Status, merged.OtpDelivery.RetryAt));
    }

    [Fact]
    public void A_record_of_the_send_asked_for_gives_its_state_and_sends_accepted()
    {
        var p = Asked("c1", 1);
        var record = Recorded(p, "c1", 1, 1, OtpDeliveryStatus.Sent);

        var merged = OtpDeliveryRecord.Merge(p, record);

        Assert.Equal(OtpDeliveryStatus.Sent, merged.OtpDelivery.Status);
        Assert.Equal("msg-1", merged.OtpDelivery.ProviderMessageId);
        Assert.Equal(1, merged.OtpState.CodeSendsAccepted);
        Assert.Same(record, merged.DeliveryRecord);
    }

    [Fact]
    public void A_resend_asked_for_after_the_recorded_send_is_queued_while_the_earlier_send_stays_accepted()
    {
        var p = Asked("c1", 2);

        var merged = OtpDeliveryRecord.Merge(p, Recorded(p, "c1", 1, 1, OtpDeliveryStatus.Delivered));

        Assert.Equal(OtpDeliveryStatus.Queued, merged.OtpDelivery.Status);
        Assert.Equal(1, merged.OtpState.CodeSendsAccepted);
    }

    [Fact]
    public void Once_the_code_is_entered_a_resend_still_queued_shows_what_was_recorded_of_that_code()
    {
        var entered = Asked("c1", 2) with { OtpState = OtpState.Initial, Status = ParticipantStatus.Authenticated };

        var merged = OtpDeliveryRecord.Merge(entered, Recorded(entered, "c1", 1, 1, OtpDeliveryStatus.Sent));

        Assert.Equal((OtpDeliveryStatus.Sent, 1), (merged.OtpDelivery.Status, merged.OtpDelivery.Send));
    }

    [Fact]
    public void A_record_of_an_earlier_code_neither_changes_the_new_codes_state_nor_its_sends_accepted()
    {
        var p = Asked("c2", 1);

        var merged = OtpDeliveryRecord.Merge(p, Recorded(p, "c1", 3, 3, OtpDeliveryStatus.Failed));

        Assert.Equal(OtpDeliveryStatus.Queued, merged.OtpDelivery.Status);
        Assert.Equal(0, merged.OtpState.CodeSendsAccepted);
    }

    [Fact]
    public void A_used_code_keeps_the_state_its_send_was_recorded_with()
    {
        var p = Asked("c1", 1) with { OtpState = OtpState.Initial };

        var merged = OtpDeliveryRecord.Merge(p, Recorded(p, "c1", 1, 1, OtpDeliveryStatus.Sent));

        Assert.Equal(OtpDeliveryStatus.Sent, merged.OtpDelivery.Status);
        Assert.Null(merged.OtpState.CodeId);
    }

    [Fact]
    public void Sends_accepted_never_go_back_below_what_the_participant_row_holds()
    {
        var p = Asked("c1", 2, sendsAccepted: 2);

        var merged = OtpDeliveryRecord.Merge(p, Recorded(p, "c1", 2, 1, OtpDeliveryStatus.Sent));

        Assert.Equal(2, merged.OtpState.CodeSendsAccepted);
    }

    [Fact]
    public void A_participant_row_that_names_no_send_takes_the_record()
    {
        var p = Asked("c1", 1) with { OtpDelivery = new DeliveryState<OtpDeliveryStatus>(OtpDeliveryStatus.Queued) };

        Assert.Equal(OtpDeliveryStatus.Sent, OtpDeliveryRecord.Merge(p, Recorded(p, "c1", 1, 1, OtpDeliveryStatus.Sent)).OtpDelivery.Status);
    }

    [Fact]
    public void The_record_to_write_replaces_the_loaded_one_by_its_etag()
    {
        var p = OtpDeliveryRecord.Merge(Asked("c1", 1), Recorded(Asked("c1", 1), "c1", 1, 1, OtpDeliveryStatus.Sent));

        var next = p.DeliveryRecordOf("c1", 1, 1, new DeliveryState<OtpDeliveryStatus>(OtpDeliveryStatus.Delivered));

        Assert.Equal(new StoredVersion("W/\"1\""), next.Version);
        Assert.Equal(p.ParticipantId, next.ParticipantId);
        Assert.Null(Asked("c1", 1).DeliveryRecordOf("c1", 1, 1, next.State).Version);
    }

    // The transitions (accepted, refused or poisoned, reported): what the delivery side writes, from the participant as loaded.

    [Fact]
    public void An_accepted_send_is_recorded_sent_with_its_number_as_the_sends_accepted()
    {
        var record = OtpDeliveryRecord.Accepted(Asked("c1", 2, sendsAccepted: 1), "c1", 2, "msg-2", Now);

        Assert.Equal((2, OtpDeliveryStatus.Sent, "c1", 2, "msg-2", Now), (record!.SendsAccepted, record.State.Status, record.State.CodeId,
            record.State.Send, record.State.ProviderMessageId, record.State.SentAt));
    }

    [Fact]
    public void An_accepted_send_already_recorded_or_of_a_replaced_code_records_nothing()
    {
        Assert.Null(OtpDeliveryRecord.Accepted(Asked("c1", 2, sendsAccepted: 2), "c1", 2, "msg-2", Now));
        Assert.Null(OtpDeliveryRecord.Accepted(Asked("c2", 1), "c1", 1, "msg-1", Now));
    }

    [Fact]
    public void An_accepted_send_of_a_code_already_entered_is_still_recorded_sent()
    {
        var record = OtpDeliveryRecord.Accepted(Asked("c1", 1) with { OtpState = OtpState.Initial }, "c1", 1, "msg-1", Now);

        Assert.Equal((OtpDeliveryStatus.Sent, "c1", 1), (record!.State.Status, record.State.CodeId, record.SendsAccepted));
    }

    [Fact]
    public void A_delivery_report_that_came_before_the_accepted_send_keeps_its_status()
    {
        var reported = Asked("c1", 1, OtpDeliveryStatus.Delivered) with
        {
            OtpDelivery = new DeliveryState<OtpDeliveryStatus>(OtpDeliveryStatus.Delivered, Now, "msg-1") { CodeId = "c1", Send = 1 },
        };

        Assert.Equal(OtpDeliveryStatus.Delivered, OtpDeliveryRecord.Accepted(reported, "c1", 1, "msg-1", Now.AddSeconds(1))!.State.Status);
    }

    [Fact]
    public void A_refused_or_poisoned_send_fails_the_delivery_unless_a_send_was_accepted_or_it_already_failed()
    {
        Assert.Equal(OtpDeliveryStatus.Failed, OtpDeliveryRecord.Failed(Asked("c1", 2, sendsAccepted: 1), "c1")!.State.Status);
        Assert.Null(OtpDeliveryRecord.Failed(Asked("c1", 2, sendsAccepted: 2), "c1"));
        Assert.Null(OtpDeliveryRecord.Failed(Asked("c1", 1, OtpDeliveryStatus.Failed), "c1"));
        Assert.Null(OtpDeliveryRecord.Failed(Asked("c2", 1), "c1"));
    }

    [Fact]
    public void A_report_for_the_latest_send_marks_it_once_and_a_late_one_for_an_earlier_send_nothing()
    {
        var sent = Asked("c1", 2, OtpDeliveryStatus.Sent, sendsAccepted: 2);

        var delivered = OtpDeliveryRecord.Reported(sent, "code:c1:2", delivered: true, "msg-2", Now.AddSeconds(4));

        Assert.Equal((OtpDeliveryStatus.Delivered, Now.AddSeconds(4), "msg-2"), (delivered!.State.Status, delivered.State.SentAt, delivered.State.ProviderMessageId));
        Assert.Null(OtpDeliveryRecord.Reported(sent, "code:c1:1", delivered: false, "msg-1", Now));
        Assert.Null(OtpDeliveryRecord.Reported(Asked("c1", 2, OtpDeliveryStatus.Delivered), "code:c1:2", delivered: false, "msg-2", Now));
    }
}
