using System.Text.Json;
using OtpSessions.Core.Auth;
using OtpSessions.Core.Common;
using OtpSessions.Core.Messaging;
using OtpSessions.Core.Otp;
using OtpSessions.Core.Policy;
using OtpSessions.Core.Sessions;
using static OtpSessions.Core.Tests.Sessions.SessionFixtures;

namespace OtpSessions.Core.Tests.Sessions;

public sealed class SessionViewTests
{
    [Fact]
    public void The_view_masks_every_address()
    {
        var session = Session();
        var p = Participant(session, new Contact(Channel.Sms, "+14155550100"));

        var view = SessionView.Of(session, [p], Now).Participants[0];

        Assert.Equal("d***@example.com", view.Invite.Address);
        Assert.Equal("+1******0100", view.Otp.Address);
        Assert.Equal(OtpMode.Auto, view.Otp.Mode);
        var json = SessionFixtures.Unescaped(JsonSerializer.Serialize(view, SessionJson.Options));
        Assert.DoesNotContain("dana@example.com", json, StringComparison.Ordinal);
        Assert.DoesNotContain("+14155550100", json, StringComparison.Ordinal);
    }

    [Fact]
    public void The_view_serialises_camel_case_with_lowercase_snake_case_enums()
    {
        var session = Session();
        var p = Participant(session, status: ParticipantStatus.AwaitingOtp);

        var json = JsonSerializer.Serialize(SessionView.Of(session, [p], Now), SessionJson.Options);
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        var participant = root.GetProperty("participants")[0];

        Assert.Equal("active", root.GetProperty("status").GetString());
        Assert.Equal("retail", root.GetProperty("team").GetString());
        Assert.True(root.GetProperty("otpRequired").GetBoolean());
        Assert.Equal("awaiting_otp", participant.GetProperty("status").GetString());
        Assert.Equal("primary", participant.GetProperty("role").GetString());
        Assert.Equal("email", participant.GetProperty("invite").GetProperty("channel").GetString());
        Assert.Equal("pending", participant.GetProperty("invitation").GetProperty("status").GetString());
        Assert.False(participant.GetProperty("invitation").TryGetProperty("sentAt", out _));
        Assert.Equal("none", participant.GetProperty("otpDelivery").GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, participant.GetProperty("replacedBy").ValueKind);
        Assert.False(root.TryGetProperty("closedAt", out _));
    }

    [Theory]
    [InlineData(DeliveryStatus.Queued, "pending")]
    [InlineData(DeliveryStatus.None, "pending")]
    [InlineData(DeliveryStatus.Sent, "sent")]
    [InlineData(DeliveryStatus.Delivered, "delivered")]
    [InlineData(DeliveryStatus.Failed, "failed")]
    public void An_invitations_delivery_shows_as_its_own_status_names(DeliveryStatus status, string shown)
    {
        var session = Session();
        var p = Participant(session);
        var invitation = p.Invitation with { Delivery = p.Invitation.Delivery with { Status = status, SentAt = Now } };

        var json = JsonSerializer.Serialize(ParticipantView.Of(session, p with { Invitation = invitation }, Now), SessionJson.Options);
        using var document = JsonDocument.Parse(json);

        Assert.Equal(shown, document.RootElement.GetProperty("invitation").GetProperty("status").GetString());
        Assert.Equal(Now, document.RootElement.GetProperty("invitation").GetProperty("sentAt").GetDateTimeOffset());
    }

    [Theory]
    [InlineData(DeliveryStatus.None, "none")]
    [InlineData(DeliveryStatus.Queued, "queued")]
    [InlineData(DeliveryStatus.Refused, "refused")]
    public void A_codes_delivery_shows_its_status_and_a_refusals_retry_time(DeliveryStatus status, string shown)
    {
        var session = Session();
        var p = Participant(session, new Contact(Channel.Sms, "+14155550100")) with
        {
            OtpDelivery = new Delivery(DeliveryKindNames.Code, status) { RetryAt = Now.AddHours(1) },
        };

        var json = JsonSerializer.Serialize(ParticipantView.Of(session, p, Now), SessionJson.Options);
        using var document = JsonDocument.Parse(json);

        Assert.Equal(shown, document.RootElement.GetProperty("otpDelivery").GetProperty("status").GetString());
        Assert.Equal(Now.AddHours(1), document.RootElement.GetProperty("otpDelivery").GetProperty("retryAt").GetDateTimeOffset());
    }

    [Fact]
    public void A_manual_participant_shows_only_the_mode()
    {
        var session = Session();

        var json = JsonSerializer.Serialize(SessionView.Of(session, [Participant(session)], Now).Participants[0].Otp, SessionJson.Options);

        Assert.Equal("""{"mode":"manual"}""", json);
    }

    [Fact]
    public void The_otp_is_viewable_only_while_awaiting_otp_with_an_unexpired_code_and_a_policy_that_allows_it()
    {
        var session = Session();
        var waiting = Waiting(session);

        Assert.True(Viewable(session, waiting, Now));
        Assert.False(Viewable(session, waiting, Now.AddMinutes(5)));
        Assert.False(Viewable(session, waiting with { OtpState = waiting.OtpState.WithoutCode() }, Now));
        Assert.False(Viewable(session, waiting with { Status = ParticipantStatus.Opened, OtpState = waiting.OtpState with { OtpRequestedAt = null } }, Now));
        Assert.False(Viewable(session, waiting with { Status = ParticipantStatus.Authenticated, OtpState = waiting.OtpState.WithoutCode() with { AuthenticatedAt = Now } }, Now));
        Assert.False(Viewable(session, waiting with { Status = ParticipantStatus.Reassigned }, Now));
        Assert.False(Viewable(Session(new OtpPolicy { AgentCanViewOtp = false }), waiting, Now));
        Assert.False(Viewable(session with { Status = SessionStatus.Closed }, waiting, Now));
    }

    [Fact]
    public void An_auto_otp_code_just_sent_is_not_viewable_and_says_when_it_will_be()
    {
        var session = Session(new OtpPolicy { AutoOtpViewDelay = TimeSpan.FromSeconds(45) });
        var sent = Waiting(session, new Contact(Channel.Sms, "+14155550100")) with
        {
            OtpDelivery = Delivery.Queued(DeliveryKindNames.Code, "c1", 1).Accepted("msg-1", Now),
        };

        var early = ParticipantView.Of(session, sent, Now.AddSeconds(10));
        var late = ParticipantView.Of(session, sent, Now.AddSeconds(45));
        var queued = ParticipantView.Of(session, sent with { OtpDelivery = Delivery.Queued(DeliveryKindNames.Code, "c1", 1) }, Now);
        var failed = ParticipantView.Of(session, sent with { OtpDelivery = sent.OtpDelivery with { Status = DeliveryStatus.Failed } }, Now);

        Assert.False(early.OtpViewable);
        Assert.Equal(Now.AddSeconds(45), early.OtpViewableAt);
        Assert.True(late.OtpViewable);
        Assert.Null(late.OtpViewableAt);
        Assert.False(queued.OtpViewable);
        Assert.Null(queued.OtpViewableAt);
        Assert.True(failed.OtpViewable);
        using var json = JsonDocument.Parse(JsonSerializer.Serialize(early, SessionJson.Options));
        Assert.Equal(Now.AddSeconds(45), json.RootElement.GetProperty("otpViewableAt").GetDateTimeOffset());
        using var none = JsonDocument.Parse(JsonSerializer.Serialize(queued, SessionJson.Options));
        Assert.Equal(JsonValueKind.Null, none.RootElement.GetProperty("otpViewableAt").ValueKind);
    }

    /// <summary>A participant on the OTP page with an active code (manual unless <paramref name="otp"/> is given).</summary>
    private static Participant Waiting(Session session, Contact? otp = null) =>
        Participant(session, otp, ParticipantStatus.AwaitingOtp) with
        {
            OtpState = new OtpState
            {
                OtpRequestedAt = Now,
                CodeId = "c1",
                ExpiresAt = Now.AddMinutes(5),
                ProtectedCode = "protected",
                IssuedAt = Now,
                CodeSends = otp is null ? 0 : 1,
            },
        };

    private static bool Viewable(Session session, Participant p, DateTimeOffset now) => ParticipantView.Of(session, p, now).OtpViewable;

    [Fact]
    public void Locked_until_shows_only_while_the_lock_lasts()
    {
        var session = Session();
        var locked = Participant(session, status: ParticipantStatus.Locked) with { OtpState = new OtpState { LockedUntil = Now.AddMinutes(15) } };

        Assert.Equal(Now.AddMinutes(15), ParticipantView.Of(session, locked, Now).LockedUntil);
        Assert.Null(ParticipantView.Of(session, locked, Now.AddMinutes(16)).LockedUntil);
    }

    [Fact]
    public void Participants_are_listed_in_the_order_they_joined_the_session()
    {
        var session = Session();
        var first = Participant(session) with { Index = 0 };
        var second = Participant(session) with { Index = 1 };
        var third = Participant(session) with { Index = 2 };

        var view = SessionView.Of(session, [third, first, second], Now);

        Assert.Equal([first.ParticipantId, second.ParticipantId, third.ParticipantId], view.Participants.Select(p => p.ParticipantId));
    }

    [Fact]
    public void A_view_survives_a_json_round_trip_unchanged()
    {
        var session = Session();
        var view = SessionView.Of(session, [Participant(session, new Contact(Channel.Sms, "+14155550100"))], Now);
        var json = JsonSerializer.Serialize(view, SessionJson.Options);

        var again = JsonSerializer.Serialize(JsonSerializer.Deserialize<SessionView>(json, SessionJson.Options), SessionJson.Options);

        Assert.Equal(json, again);
    }

    [Theory]
    [InlineData("""{"channel":"fax","address":"x"}""")]
    [InlineData("""{"channel":1,"address":"x"}""")]
    public void Unknown_or_numeric_enum_values_do_not_bind(string json) =>
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<ContactInput>(json, SessionJson.Options));
}

public sealed class SessionAccessTests
{
    private static readonly Session Owned = SessionFixtures.Session(agent: "agent-7", team: "retail");

    [Theory]
    [InlineData("agent-7", null, false, true)]
    [InlineData("agent-8", "retail", false, false)]
    [InlineData("agent-8", "retail", true, true)]
    [InlineData("agent-8", "business", true, false)]
    [InlineData("agent-8", null, true, false)]
    public void The_owner_or_a_supervisor_of_the_same_team_may_act(string subject, string? team, bool supervisor, bool allowed)
    {
        var agent = new AgentPrincipal(subject, team, supervisor ? [AgentPrincipal.SupervisorRole] : []);

        Assert.Equal(allowed, SessionAccess.CanAct(agent, Owned.AgentId, Owned.Team));
    }

    [Fact]
    public void A_supervisor_cannot_act_on_a_session_without_a_team()
    {
        var supervisor = new AgentPrincipal("agent-8", "retail", [AgentPrincipal.SupervisorRole]);

        Assert.False(SessionAccess.CanAct(supervisor, "agent-7", null));
    }
}

public sealed class WireNamesTests
{
    [Theory]
    [InlineData(ParticipantStatus.AwaitingOtp, "awaiting_otp")]
    [InlineData(ParticipantStatus.Invited, "invited")]
    [InlineData(Channel.Sms, "sms")]
    [InlineData(DeliveryStatus.None, "none")]
    public void Enum_values_have_one_lowercase_snake_case_wire_name(Enum value, string wire)
    {
        var name = value switch
        {
            ParticipantStatus s => s.ToWire(),
            Channel c => c.ToWire(),
            DeliveryStatus d => d.ToWire(),
            _ => throw new ArgumentOutOfRangeException(nameof(value)),
        };

        Assert.Equal(wire, name);
    }

    [Fact]
    public void Wire_names_parse_back_and_unknown_names_do_not()
    {
        Assert.Equal(ParticipantStatus.AwaitingOtp, WireNames.Parse<ParticipantStatus>("awaiting_otp"));
        Assert.False(WireNames.TryParse<ParticipantStatus>("AwaitingOtp", out _));
        Assert.Throws<FormatException>(() => WireNames.Parse<Channel>("fax"));
    }
}
