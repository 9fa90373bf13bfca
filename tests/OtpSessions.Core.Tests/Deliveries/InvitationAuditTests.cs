using System.Text.Json;
using Microsoft.Extensions.Options;
using OtpSessions.Core.Deliveries;
using OtpSessions.Core.Messaging;
using OtpSessions.Core.Otp;
using OtpSessions.Core.Sessions;
using OtpSessions.Core.Tests.Support;
using static OtpSessions.Core.Tests.Sessions.SessionFixtures;

namespace OtpSessions.Core.Tests.Deliveries;

/// <summary>
/// The audit row an invitation's outcome or report commits beside its event: <c>invitation.sent</c> for an accepted send,
/// <c>invitation.failed</c> with the failure's reason for a refused one, <c>invitation.delivered</c> (no reason) or
/// <c>invitation.failed</c> (reason <c>undelivered</c>) for a report — by the delivery actor, about the participant, with
/// the send and the provider's message id.
/// </summary>
public sealed class InvitationAuditTests
{
    private static readonly TokenFactory Tokens =
        TokenFactory.FromMasterKey(new OtpMasterKey(Options.Create(new OtpKeyOptions { EncryptionKey = InMemoryApp.MasterKey })));
    private static readonly InvitationDelivery Invitations = new(
        new MessageTemplates(Options.Create(new MessagingOptions { OrganisationName = "Contoso Bank" }),
            Options.Create(new InvitationLinkOptions { BaseUrl = "https://join.example" })),
        Tokens, Options.Create(new InvitationLinkOptions { BaseUrl = "https://join.example" }));
    private static readonly Session OneSession = Session();

    private static ParticipantWithTerms Invited(Func<InvitationState, InvitationState>? change = null)
    {
        var p = Participant(OneSession);
        var invitation = Tokens.NewInvitation(OneSession.SessionId, p.ParticipantId, Now, Now.AddDays(7));
        return new(OneSession, p with { Invitation = change is null ? invitation : change(invitation) });
    }

    /// <summary>The change's one audit row: its action, and its data's reason (null when absent).</summary>
    private static (AuditRecord Row, JsonElement Data, string? Reason) AuditOf(SessionChange change, ParticipantWithTerms snapshot)
    {
        var row = Assert.Single(change.Audit);
        Assert.Equal((AuditActions.DeliveryActor, Now, snapshot.Participant.ParticipantId), (row.ActorId, row.Time, row.ParticipantId));
        var data = JsonDocument.Parse(row.DataJson).RootElement.Clone();
        Assert.Equal(snapshot.Participant.ParticipantId, data.GetProperty("participantId").GetString());
        return (row, data, data.TryGetProperty("reason", out var reason) ? reason.GetString() : null);
    }

    [Fact]
    public void An_accepted_send_is_audited_as_sent_with_the_providers_id_and_no_reason()
    {
        var snapshot = Invited(i => i.Resent(Now));

        var (row, data, reason) = AuditOf(Invitations.Accepted(snapshot, "2", 2, "msg-1", Now)!, snapshot);

        Assert.Equal(AuditActions.InvitationSent, row.Action);
        Assert.Equal((2, "msg-1"), (data.GetProperty("send").GetInt32(), data.GetProperty("providerMessageId").GetString()));
        Assert.Null(reason);
    }

    [Fact]
    public void A_failed_send_is_audited_as_failed_with_its_reason()
    {
        var snapshot = Invited();

        var (row, data, reason) = AuditOf(Invitations.Failed(snapshot, "1", "rejected", Now)!, snapshot);

        Assert.Equal(AuditActions.InvitationFailed, row.Action);
        Assert.Equal(1, data.GetProperty("send").GetInt32());
        Assert.Equal("rejected", reason);
    }

    [Fact]
    public void A_delivered_report_is_audited_as_delivered_with_no_reason()
    {
        var snapshot = Invited(i => i with { Delivery = i.Delivery.Accepted("msg-1", Now.AddMinutes(-1)) });

        var (row, data, reason) = AuditOf(Invitations.Reported(snapshot, snapshot.Participant.Invitation.SendId, delivered: true, "msg-1", Now, Now)!, snapshot);

        Assert.Equal(AuditActions.InvitationDelivered, row.Action);
        Assert.Equal("msg-1", data.GetProperty("providerMessageId").GetString());
        Assert.Null(reason);
    }

    [Fact]
    public void An_undelivered_report_is_audited_as_failed_with_reason_undelivered()
    {
        var snapshot = Invited(i => i with { Delivery = i.Delivery.Accepted("msg-1", Now.AddMinutes(-1)) });

        var (row, data, reason) = AuditOf(Invitations.Reported(snapshot, snapshot.Participant.Invitation.SendId, delivered: false, "msg-1", Now, Now)!, snapshot);

        Assert.Equal(AuditActions.InvitationFailed, row.Action);
        Assert.Equal("msg-1", data.GetProperty("providerMessageId").GetString());
        Assert.Equal("undelivered", reason);
    }
}
