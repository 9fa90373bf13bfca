using Azure.Data.Tables;
using OtpSessions.Core.Messaging;
using OtpSessions.Infrastructure.Sessions;

namespace OtpSessions.Infrastructure.Tests;

/// <summary>
/// The one mapping of a <see cref="Delivery"/> to its row's columns (<see cref="DeliveryColumns"/>), without I/O: the
/// column names rows have always had, so rows written before this mapping read alike.
/// </summary>
public sealed class DeliveryColumnsTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void An_invitation_row_as_written_before_reads_as_its_delivery()
    {
        var row = new TableEntity("s", "participant|p")
        {
            ["InvitationId"] = "i_1", ["InvitationAttempt"] = 2, ["InvitationStatus"] = "pending",
        };
        var sent = new TableEntity("s", "participant|p")
        {
            ["InvitationId"] = "i_1", ["InvitationAttempt"] = 2, ["InvitationStatus"] = "delivered",
            ["InvitationSentAt"] = Now, ["InvitationProviderMessageId"] = "msg-1",
        };

        Assert.Equal(Delivery.Queued(DeliveryKindNames.Invitation, "i_1", 2), DeliveryColumns.Invitation.Read(row));
        Assert.Equal(Delivery.Queued(DeliveryKindNames.Invitation, "i_1", 2) with { Status = DeliveryStatus.Delivered, SentAt = Now, ProviderMessageId = "msg-1" },
            DeliveryColumns.Invitation.Read(sent));
    }

    [Fact]
    public void A_queued_invitation_is_written_as_pending_under_the_columns_it_always_had()
    {
        var row = new TableEntity("s", "participant|p");

        DeliveryColumns.Invitation.Write(row, Delivery.Queued(DeliveryKindNames.Invitation, "i_1", 3));

        Assert.Equal(("pending", "i_1", 3), (row.GetString("InvitationStatus"), row.GetString("InvitationId"), row.GetInt32("InvitationAttempt")));
        Assert.Null(row.GetInt32("InvitationSendsAccepted"));
        Assert.Null(row.GetDateTimeOffset("InvitationRetryAt"));
    }

    [Fact]
    public void A_participant_row_from_before_codes_were_sent_asks_for_nothing()
    {
        Assert.Equal(Delivery.None(DeliveryKindNames.Code), DeliveryColumns.CodeAsked.Read(new TableEntity("s", "participant|p")));
    }

    [Fact]
    public void A_code_delivery_record_as_written_before_reads_and_writes_back_under_the_same_columns()
    {
        var old = new TableEntity("s", "otp-delivery|p")
        {
            ["ParticipantId"] = "p", ["CodeId"] = "c1", ["Send"] = 2, ["SendsAccepted"] = 2, ["Status"] = "sent",
            ["SentAt"] = Now, ["ProviderMessageId"] = "msg-2",
        };

        var record = DeliveryColumns.CodeRecord.Read(old);
        var written = new TableEntity("s", "otp-delivery|p");
        DeliveryColumns.CodeRecord.Write(written, record);

        Assert.Equal(new Delivery(DeliveryKindNames.Code, DeliveryStatus.Sent)
        {
            Item = "c1", Send = 2, SendsAccepted = 2, SentAt = Now, ProviderMessageId = "msg-2",
        }, record);
        foreach (var column in new[] { "CodeId", "Send", "SendsAccepted", "Status", "SentAt", "ProviderMessageId" })
        {
            Assert.Equal(old[column], written[column]);
        }
    }

    [Fact]
    public void A_refused_code_send_keeps_its_retry_time_on_the_participant_row()
    {
        var row = new TableEntity("s", "participant|p");
        var refused = new Delivery(DeliveryKindNames.Code, DeliveryStatus.Refused) { RetryAt = Now.AddHours(2) };

        DeliveryColumns.CodeAsked.Write(row, refused);

        Assert.Equal(("refused", Now.AddHours(2)), (row.GetString("OtpDeliveryStatus"), row.GetDateTimeOffset("OtpDeliveryRetryAt")));
        Assert.Equal(refused, DeliveryColumns.CodeAsked.Read(row));
    }
}
