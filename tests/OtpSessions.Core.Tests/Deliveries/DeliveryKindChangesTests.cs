using System.Text.Json;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using OtpSessions.Core.Common;
using OtpSessions.Core.Deliveries;
using OtpSessions.Core.Events;
using OtpSessions.Core.Messaging;
using OtpSessions.Core.Otp;
using OtpSessions.Core.Sessions;
using OtpSessions.Core.Tests.Support;
using OtpSessions.Testing.InMemory;
using static OtpSessions.Core.Tests.Sessions.SessionFixtures;

namespace OtpSessions.Core.Tests.Deliveries;

/// <summary>
/// The two kinds' parts the worker and the report path call (<see cref="IDeliveryKind"/>), without I/O: why not to send,
/// what to render, and the change an outcome or a report commits (what it writes, which event it raises).
/// </summary>
public sealed class DeliveryKindChangesTests
{
    private const string BaseUrl = "https://join.example";
    private static readonly OtpMasterKey Keyring = new(Options.Create(new OtpKeyOptions { EncryptionKey = InMemoryApp.MasterKey }));
    private static readonly MessageTemplates Templates = new(Options.Create(new MessagingOptions { OrganisationName = "Contoso Bank" }),
        Options.Create(new InvitationLinkOptions { BaseUrl = BaseUrl }));
    private static readonly AesGcmCodeProtector Protector = new(Keyring);
    private static readonly InvitationDelivery Invitations =
        new(Templates, TokenFactory.FromMasterKey(Keyring), Options.Create(new InvitationLinkOptions { BaseUrl = BaseUrl }));
    private static readonly CodeDelivery Codes =
        new(Templates, Protector, TokenFactory.FromMasterKey(Keyring), Options.Create(new InvitationLinkOptions { BaseUrl = BaseUrl }));
    private static readonly Session OneSession = Session();

    private static ParticipantWithTerms Invited(Func<InvitationState, InvitationState>? change = null)
    {
        var p = Participant(OneSession);
        var invitation = TokenFactory.FromMasterKey(Keyring).NewInvitation(OneSession.SessionId, p.ParticipantId, Now, Now.AddDays(7));
        return new(OneSession, p with { Invitation = change is null ? invitation : change(invitation) });
    }

    private static ParticipantWithTerms WithCode(int sends = 1, int accepted = 0, DeliveryStatus status = DeliveryStatus.Queued, string? protectedCode = null)
    {
        var p = Participant(OneSession, new Contact(Channel.Sms, "+14155550100"));
        var code = new OtpState
        {
            CodeId = "c_1", IssuedAt = Now, ExpiresAt = Now.AddMinutes(10), CodeSends = sends, CodeSendsAccepted = accepted,
            ProtectedCode = protectedCode ?? Protector.Protect(new CodeBinding(OneSession.SessionId, p.ParticipantId, "c_1"), "123456"),
        };
        return new(OneSession, p with { OtpState = code, OtpDelivery = Delivery.Queued(DeliveryKindNames.Code, "c_1", sends) with { Status = status } });
    }

    private static string Reason(OutboxEvent e) => JsonDocument.Parse(e.DataJson).RootElement.GetProperty("reason").GetString()!;

    [Theory]
    [InlineData("1", true)]
    [InlineData("12", true)]
    [InlineData("0", false)]
    [InlineData("-1", false)]
    [InlineData("x", false)]
    public void An_invitation_item_is_a_positive_attempt(string item, bool wellFormed) => Assert.Equal(wellFormed, Invitations.IsWellFormed(item));

    [Theory]
    [InlineData("c_1", true)]
    [InlineData("c_", false)]
    [InlineData("x_123", false)]
    public void A_code_item_is_a_code_id(string item, bool wellFormed) => Assert.Equal(wellFormed, Codes.IsWellFormed(item));

    [Fact]
    public void A_message_names_its_kind_its_participant_and_its_item()
    {
        var p = Invited(i => i.Resent(Now)).Participant;

        Assert.Equal(new DeliveryMessage("invitation", p.SessionId, p.ParticipantId, "2"), InvitationDelivery.MessageFor(p));
        Assert.Equal(new DeliveryMessage("code", p.SessionId, p.ParticipantId, "c_1"), CodeDelivery.MessageFor(p, "c_1"));
    }

    [Fact]
    public void A_code_id_may_be_64_characters_long_and_no_longer()
    {
        Assert.True(Codes.IsWellFormed("c_" + new string('a', 62)));
        Assert.False(Codes.IsWellFormed("c_" + new string('a', 63)));
    }

    [Fact]
    public async Task Each_kind_loads_its_participant_and_the_code_kind_with_its_delivery_record()
    {
        var store = new InMemorySessionStore(new FakeTimeProvider(Now));
        var p = WithCode().Participant;
        await store.CommitAsync(new SessionChange(OneSession.SessionId, OneSession.ExpiresAt).Put(OneSession).Put(p), CancellationToken.None);
        await store.CommitAsync(new SessionChange(OneSession).Put(p.ParticipantId, CodeDelivery.OnAccepted(p, "c_1", 1, "msg-1", Now)!), CancellationToken.None);

        var forCode = await Codes.LoadAsync(store, CodeDelivery.MessageFor(p, "c_1"), CancellationToken.None);
        var forInvitation = await Invitations.LoadAsync(store, InvitationDelivery.MessageFor(p), CancellationToken.None);

        Assert.Equal((p.ParticipantId, DeliveryStatus.Sent), (forCode!.Participant.ParticipantId, forCode.Participant.OtpDelivery.Status));
        Assert.NotNull(forCode.Participant.DeliveryRecord);
        Assert.Equal(p.ParticipantId, forInvitation!.Participant.ParticipantId);
        Assert.Null(forInvitation.Participant.DeliveryRecord);
    }

    [Fact]
    public void An_invitation_is_sent_only_while_its_attempt_is_queued_and_its_link_lives()
    {
        var p = Invited().Participant;

        Assert.Null(Invitations.WhyNot(p, "1", Now));
        Assert.Equal("superseded by attempt 2", Invitations.WhyNot(p with { Invitation = p.Invitation.Resent(Now) }, "1", Now));
        Assert.Equal("already sent", Invitations.WhyNot(p with { Invitation = p.Invitation with { Delivery = p.Invitation.Delivery.Accepted("m", Now) } }, "1", Now));
        Assert.NotNull(Invitations.WhyNot(p, "1", Now.AddDays(7)));
        Assert.Null(Invitations.WhyNot(p, "1", Now.AddDays(7).AddTicks(-1)));
    }

    [Fact]
    public void A_code_is_sent_only_while_it_is_the_active_unsent_one()
    {
        var p = WithCode().Participant;

        Assert.Null(Codes.WhyNot(p, "c_1", Now));
        Assert.Equal("participant has manual OTP", Codes.WhyNot(p with { Otp = null }, "c_1", Now));
        Assert.Equal("no code is active", Codes.WhyNot(p with { OtpState = OtpState.Initial }, "c_1", Now));
        Assert.Equal("superseded by a newer code", Codes.WhyNot(p, "c_0", Now));
        Assert.Equal("no code is active", Codes.WhyNot(p with { OtpState = p.OtpState with { ProtectedCode = null } }, "c_1", Now));
        Assert.Equal("no code is active", Codes.WhyNot(p with { OtpState = p.OtpState with { ExpiresAt = null } }, "c_1", Now));
        Assert.Equal("code expired", Codes.WhyNot(p, "c_1", Now.AddMinutes(10)));
        Assert.Null(Codes.WhyNot(p, "c_1", Now.AddMinutes(10).AddTicks(-1)));
        Assert.Equal("already sent", Codes.WhyNot(WithCode(sends: 2, accepted: 2).Participant, "c_1", Now));
        Assert.Null(Codes.WhyNot(WithCode(sends: 2, accepted: 1).Participant, "c_1", Now));
    }

    [Fact]
    public void An_invitation_renders_its_link_under_the_attempts_send_id_or_fails_when_its_key_is_gone()
    {
        var snapshot = Invited(i => i.Resent(Now.AddMinutes(1)));

        var content = Invitations.Render(snapshot, Now.AddMinutes(1));
        var retired = Invitations.Render(Invited(i => i with { KeyId = "retired" }), Now);

        Assert.Equal((snapshot.Participant.Invitation.SendId, 2, Now.AddMinutes(1)), (content.Message!.SendId, content.Message.Send, content.Message.FirstRequestedAt));
        Assert.Contains(BaseUrl + "/join#", content.Message.Sms(), StringComparison.Ordinal);
        Assert.Equal((null, InvitationDelivery.KeyRetired), (retired.Message, retired.Reason));
    }

    [Fact]
    public void A_code_renders_under_its_latest_send_id_or_is_unsendable_when_unreadable()
    {
        var snapshot = WithCode(sends: 2, accepted: 1);

        var content = Codes.Render(snapshot, Now.AddMinutes(4));
        var unreadable = Codes.Render(WithCode(protectedCode: "v1.damaged"), Now);

        Assert.Equal(("code:c_1:2", 2, Now), (content.Message!.SendId, content.Message.Send, content.Message.FirstRequestedAt));
        Assert.Contains("123456", content.Message.Sms(), StringComparison.Ordinal);
        Assert.Equal((null, "unreadable"), (unreadable.Message, unreadable.Reason));
    }

    [Fact]
    public void Neither_kind_sends_to_a_reported_participant()
    {
        var invited = Invited().Participant;
        var coded = WithCode().Participant;

        Assert.Null(Invitations.WhyNot(invited, "1", Now));
        Assert.Equal(DeliveryKinds.Reported, Invitations.WhyNot(invited.Reported(Now), "1", Now));
        Assert.Null(Codes.WhyNot(coded, "c_1", Now));
        // A report voids the code; even a code still on the row is not sent to a reported participant.
        Assert.Equal(DeliveryKinds.Reported, Codes.WhyNot(coded with { Status = ParticipantStatus.Reported }, "c_1", Now));
    }

    [Fact]
    public void Both_kinds_render_the_participants_not_me_link_of_the_messages_channel_and_none_for_a_row_without_report_links()
    {
        var tokens = TokenFactory.FromMasterKey(Keyring);
        var invited = Invited();
        invited = invited with { Participant = invited.Participant with { ReportKeyId = tokens.CurrentKeyId } };
        var coded = WithCode();
        coded = coded with { Participant = coded.Participant with { ReportKeyId = tokens.CurrentKeyId } };

        var invitation = Invitations.Render(invited, Now).Message!;
        var code = Codes.Render(coded, Now).Message!;
        var legacy = Invitations.Render(Invited(), Now).Message!;

        var inviteLink = $"{BaseUrl}/not-me#{tokens.ReportToken(invited.Participant, Channel.Email)}";
        var codeLink = $"{BaseUrl}/not-me#{tokens.ReportToken(coded.Participant, Channel.Sms)}";
        Assert.Contains(inviteLink, invitation.Email().PlainText, StringComparison.Ordinal);
        Assert.Contains(inviteLink, invitation.Email().Html, StringComparison.Ordinal);
        Assert.Contains(codeLink, code.Sms(), StringComparison.Ordinal);
        Assert.DoesNotContain("/not-me#", legacy.Email().PlainText, StringComparison.Ordinal);
    }

    [Fact]
    public void A_code_send_is_first_requested_at_its_latest_send_then_its_issue_then_its_expiry()
    {
        var snapshot = WithCode();
        var code = snapshot.Participant.OtpState;
        var resent = snapshot with { Participant = snapshot.Participant with { OtpState = code with { RecentSends = [Now.AddMinutes(3)] } } };
        var unissued = snapshot with { Participant = snapshot.Participant with { OtpState = code with { IssuedAt = null } } };

        Assert.Equal(Now.AddMinutes(3), Codes.Render(resent, Now.AddMinutes(4)).Message!.FirstRequestedAt);
        Assert.Equal(Now.AddMinutes(10), Codes.Render(unissued, Now).Message!.FirstRequestedAt);
    }

    [Fact]
    public void An_invitations_outcome_writes_the_participant_and_raises_sent_or_failed()
    {
        var sent = Invitations.Accepted(Invited(), "1", 1, "msg-1", Now)!;
        var failed = Invitations.Failed(Invited(), "1", "rejected", Now)!;

        Assert.Equal((DeliveryStatus.Sent, "msg-1"), (sent.Participants.Single().Invitation.Status, sent.Participants.Single().Invitation.Delivery.ProviderMessageId));
        Assert.Equal([EventTypes.InvitationSent], sent.Events.Select(e => e.Type));
        Assert.Equal(DeliveryStatus.Failed, failed.Participants.Single().Invitation.Status);
        Assert.Equal([EventTypes.InvitationFailed], failed.Events.Select(e => e.Type));
        Assert.Equal("rejected", Reason(failed.Events[0]));
        Assert.Empty(sent.Deliveries);
        Assert.Null(Invitations.Accepted(Invited(), "2", 2, "msg-1", Now));
        Assert.Null(Invitations.Failed(Invited(), "2", "rejected", Now));
    }

    [Fact]
    public void An_invitations_report_writes_the_participant_and_raises_failed_only_when_undelivered()
    {
        var snapshot = Invited();
        var sendId = snapshot.Participant.Invitation.SendId;

        var delivered = Invitations.Reported(snapshot, sendId, delivered: true, "msg-1", Now, Now)!;
        var undelivered = Invitations.Reported(snapshot, sendId, delivered: false, "msg-1", Now, Now)!;

        Assert.Equal(DeliveryStatus.Delivered, delivered.Participants.Single().Invitation.Status);
        Assert.Empty(delivered.Events);
        Assert.Equal(DeliveryStatus.Failed, undelivered.Participants.Single().Invitation.Status);
        Assert.Equal("undelivered", Reason(Assert.Single(undelivered.Events, e => e.Type == EventTypes.InvitationFailed)));
        Assert.Null(Invitations.Reported(snapshot, "invitation:other:1", delivered: true, "msg-1", Now, Now));
    }

    [Fact]
    public void A_codes_outcome_writes_the_delivery_record_only_and_raises_sent_or_failed()
    {
        var snapshot = WithCode();
        var sent = Codes.Accepted(snapshot, "c_1", 1, "msg-1", Now)!;
        var failed = Codes.Failed(snapshot, "c_1", "rejected", Now)!;

        Assert.Empty(sent.Participants);
        Assert.Equal((snapshot.Participant.ParticipantId, DeliveryStatus.Sent, 1), (sent.Deliveries.Single().ParticipantId,
            sent.Deliveries.Single().Delivery.Status, sent.Deliveries.Single().Delivery.SendsAccepted));
        Assert.Equal([EventTypes.OtpSent], sent.Events.Select(e => e.Type));
        Assert.Empty(failed.Participants);
        Assert.Equal(DeliveryStatus.Failed, failed.Deliveries.Single().Delivery.Status);
        Assert.Equal("rejected", Reason(Assert.Single(failed.Events, e => e.Type == EventTypes.OtpDeliveryFailed)));
        Assert.Null(Codes.Accepted(WithCode(), "c_0", 1, "msg-1", Now));
        Assert.Null(Codes.Failed(WithCode(), "c_0", "rejected", Now));
    }

    [Fact]
    public void A_codes_report_writes_the_delivery_record_and_raises_failed_only_when_undelivered()
    {
        var snapshot = WithCode(status: DeliveryStatus.Sent, accepted: 1);

        var delivered = Codes.Reported(snapshot, "code:c_1:1", delivered: true, "msg-1", Now, Now)!;
        var undelivered = Codes.Reported(snapshot, "code:c_1:1", delivered: false, "msg-1", Now, Now)!;

        Assert.Equal(DeliveryStatus.Delivered, delivered.Deliveries.Single().Delivery.Status);
        Assert.Empty(delivered.Events);
        Assert.Empty(delivered.Participants);
        Assert.Equal(DeliveryStatus.Failed, undelivered.Deliveries.Single().Delivery.Status);
        Assert.Equal("undelivered", Reason(Assert.Single(undelivered.Events, e => e.Type == EventTypes.OtpDeliveryFailed)));
        Assert.Null(Codes.Reported(snapshot, "code:c_1:0", delivered: true, "msg-1", Now, Now));
    }
}
