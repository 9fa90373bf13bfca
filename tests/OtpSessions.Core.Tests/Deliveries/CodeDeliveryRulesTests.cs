using OtpSessions.Core.Common;
using OtpSessions.Core.Deliveries;
using OtpSessions.Core.Messaging;
using OtpSessions.Core.Otp;
using OtpSessions.Core.Sessions;
using static OtpSessions.Core.Tests.Sessions.SessionFixtures;

namespace OtpSessions.Core.Tests.Deliveries;

/// <summary>
/// The code kind's rules, pure: how the participant row's delivery and the delivery record merge
/// (<see cref="CodeDelivery.Merge"/>), and what an accepted, failed or reported send records.
/// </summary>
public sealed class CodeDeliveryRulesTests
{
    private static readonly Session OneSession = Session();

    private static readonly StoredVersion Loaded = new("W/\"1\"");

    private static Participant Asked(string codeId, int send, DeliveryStatus status = DeliveryStatus.Queued, int sendsAccepted = 0) =>
        Participant(OneSession, new Contact(Channel.Sms, "+14155550100")) with
        {
            OtpState = new OtpState { CodeId = codeId, ExpiresAt = Now.AddMinutes(10), ProtectedCode = "protected", CodeSends = send, CodeSendsAccepted = sendsAccepted },
            OtpDelivery = Delivery.Queued(DeliveryKindNames.Code, codeId, send) with { Status = status },
        };

    private static Delivery Recorded(string codeId, int send, int accepted, DeliveryStatus status) =>
        new Delivery(DeliveryKindNames.Code, status) { Item = codeId, Send = send, SendsAccepted = accepted, SentAt = Now, ProviderMessageId = "msg-1", Version = Loaded };

    [Fact]
    public void Without_a_record_the_participant_row_stands()
    {
        var p = Asked("c1", 1);

        Assert.Same(p, CodeDelivery.Merge(p, null));
    }

    [Fact]
    public void A_send_a_budget_refused_stays_refused_whatever_the_record_says_of_an_earlier_code()
    {
        var earlier = Asked("c1", 1);
        var refused = earlier with
        {
            OtpState = OtpState.Initial,
            OtpDelivery = new Delivery(DeliveryKindNames.Code, DeliveryStatus.Refused) { RetryAt = Now.AddHours(3) },
        };

        var merged = CodeDelivery.Merge(refused, Recorded("c1", 1, 1, DeliveryStatus.Delivered));

        Assert.Equal((DeliveryStatus.Refused, Now.AddHours(3)), (merged.OtpDelivery.Status, merged.OtpDelivery.RetryAt));
    }

    [Fact]
    public void A_record_of_the_send_asked_for_gives_its_state_and_sends_accepted()
    {
        var p = Asked("c1", 1);
        var record = Recorded("c1", 1, 1, DeliveryStatus.Sent);

        var merged = CodeDelivery.Merge(p, record);

        Assert.Equal(DeliveryStatus.Sent, merged.OtpDelivery.Status);
        Assert.Equal("msg-1", merged.OtpDelivery.ProviderMessageId);
        Assert.Equal(1, merged.OtpState.CodeSendsAccepted);
        Assert.Same(record, merged.DeliveryRecord);
    }

    [Fact]
    public void A_resend_asked_for_after_the_recorded_send_is_queued_while_the_earlier_send_stays_accepted()
    {
        var p = Asked("c1", 2);

        var merged = CodeDelivery.Merge(p, Recorded("c1", 1, 1, DeliveryStatus.Delivered));

        Assert.Equal(DeliveryStatus.Queued, merged.OtpDelivery.Status);
        Assert.Equal(1, merged.OtpState.CodeSendsAccepted);
    }

    [Fact]
    public void Once_the_code_is_entered_a_resend_still_queued_shows_what_was_recorded_of_that_code()
    {
        var entered = Asked("c1", 2) with { OtpState = OtpState.Initial, Status = ParticipantStatus.Authenticated };

        var merged = CodeDelivery.Merge(entered, Recorded("c1", 1, 1, DeliveryStatus.Sent));

        Assert.Equal((DeliveryStatus.Sent, 1), (merged.OtpDelivery.Status, merged.OtpDelivery.Send));
    }

    [Fact]
    public void A_record_of_an_earlier_code_neither_changes_the_new_codes_state_nor_its_sends_accepted()
    {
        var p = Asked("c2", 1);

        var merged = CodeDelivery.Merge(p, Recorded("c1", 3, 3, DeliveryStatus.Failed));

        Assert.Equal(DeliveryStatus.Queued, merged.OtpDelivery.Status);
        Assert.Equal(0, merged.OtpState.CodeSendsAccepted);
    }

    [Fact]
    public void A_used_code_keeps_the_state_its_send_was_recorded_with()
    {
        var p = Asked("c1", 1) with { OtpState = OtpState.Initial };

        var merged = CodeDelivery.Merge(p, Recorded("c1", 1, 1, DeliveryStatus.Sent));

        Assert.Equal(DeliveryStatus.Sent, merged.OtpDelivery.Status);
        Assert.Null(merged.OtpState.CodeId);
    }

    [Fact]
    public void Sends_accepted_never_go_back_below_what_the_participant_row_holds()
    {
        var p = Asked("c1", 2, sendsAccepted: 2);

        var merged = CodeDelivery.Merge(p, Recorded("c1", 2, 1, DeliveryStatus.Sent));

        Assert.Equal(2, merged.OtpState.CodeSendsAccepted);
    }

    [Fact]
    public void A_participant_row_that_names_no_send_takes_the_record()
    {
        var p = Asked("c1", 1) with { OtpDelivery = new Delivery(DeliveryKindNames.Code, DeliveryStatus.Queued) };

        Assert.Equal(DeliveryStatus.Sent, CodeDelivery.Merge(p, Recorded("c1", 1, 1, DeliveryStatus.Sent)).OtpDelivery.Status);
    }

    [Fact]
    public void The_participant_keeps_the_records_state_but_not_its_version_or_count()
    {
        var merged = CodeDelivery.Merge(Asked("c1", 1), Recorded("c1", 1, 1, DeliveryStatus.Sent));

        Assert.Equal((null, 0), (merged.OtpDelivery.Version, merged.OtpDelivery.SendsAccepted));
        Assert.Equal((Loaded, 1), (merged.DeliveryRecord!.Version, merged.DeliveryRecord.SendsAccepted));
    }

    [Fact]
    public void The_record_to_write_replaces_the_loaded_one_by_its_version()
    {
        var p = CodeDelivery.Merge(Asked("c1", 2, sendsAccepted: 1), Recorded("c1", 1, 1, DeliveryStatus.Sent));

        Assert.Equal(Loaded, CodeDelivery.OnAccepted(p, "c1", 2, "msg-2", Now)!.Version);
        Assert.Null(CodeDelivery.OnAccepted(Asked("c1", 1), "c1", 1, "msg-1", Now)!.Version);
    }

    // The transitions (accepted, refused or poisoned, reported): what the delivery side writes, from the participant as loaded.

    [Fact]
    public void An_accepted_send_is_recorded_sent_with_its_number_as_the_sends_accepted()
    {
        var record = CodeDelivery.OnAccepted(Asked("c1", 2, sendsAccepted: 1), "c1", 2, "msg-2", Now);

        Assert.Equal((2, DeliveryStatus.Sent, "c1", 2, "msg-2", Now), (record!.SendsAccepted, record.Status, record.Item,
            record.Send, record.ProviderMessageId, record.SentAt));
    }

    [Fact]
    public void An_accepted_send_already_recorded_or_of_a_replaced_code_records_nothing()
    {
        Assert.Null(CodeDelivery.OnAccepted(Asked("c1", 2, sendsAccepted: 2), "c1", 2, "msg-2", Now));
        Assert.Null(CodeDelivery.OnAccepted(Asked("c2", 1), "c1", 1, "msg-1", Now));
    }

    [Fact]
    public void An_accepted_send_of_a_code_already_entered_is_still_recorded_sent()
    {
        var record = CodeDelivery.OnAccepted(Asked("c1", 1) with { OtpState = OtpState.Initial }, "c1", 1, "msg-1", Now);

        Assert.Equal((DeliveryStatus.Sent, "c1", 1), (record!.Status, record.Item, record.SendsAccepted));
    }

    [Fact]
    public void A_delivery_report_that_came_before_the_accepted_send_keeps_its_status()
    {
        var reported = Asked("c1", 1) with
        {
            OtpDelivery = Delivery.Queued(DeliveryKindNames.Code, "c1", 1).Reported(delivered: true, "msg-1", Now)!,
        };

        var record = CodeDelivery.OnAccepted(reported, "c1", 1, "msg-1", Now.AddSeconds(1))!;

        Assert.Equal((DeliveryStatus.Delivered, Now, 1), (record.Status, record.SentAt, record.SendsAccepted));
    }

    [Fact]
    public void A_refused_or_poisoned_send_fails_the_delivery_unless_a_send_was_accepted_or_it_already_failed()
    {
        Assert.Equal(DeliveryStatus.Failed, CodeDelivery.OnFailed(Asked("c1", 2, sendsAccepted: 1), "c1")!.Status);
        Assert.Null(CodeDelivery.OnFailed(Asked("c1", 2, sendsAccepted: 2), "c1"));
        Assert.Null(CodeDelivery.OnFailed(Asked("c1", 1, DeliveryStatus.Failed), "c1"));
        Assert.Null(CodeDelivery.OnFailed(Asked("c2", 1), "c1"));
    }

    [Fact]
    public void A_report_for_the_latest_send_marks_it_once_and_a_late_one_for_an_earlier_send_nothing()
    {
        var sent = Asked("c1", 2, DeliveryStatus.Sent, sendsAccepted: 2);

        var delivered = CodeDelivery.OnReport(sent, "code:c1:2", delivered: true, "msg-2", Now.AddSeconds(4));

        Assert.Equal((DeliveryStatus.Delivered, Now.AddSeconds(4), "msg-2", 2, 2), (delivered!.Status, delivered.SentAt, delivered.ProviderMessageId, delivered.Send, delivered.SendsAccepted));
        Assert.Null(CodeDelivery.OnReport(sent, "code:c1:1", delivered: false, "msg-1", Now));
        Assert.Null(CodeDelivery.OnReport(Asked("c1", 2, DeliveryStatus.Delivered), "code:c1:2", delivered: false, "msg-2", Now));
    }
}
