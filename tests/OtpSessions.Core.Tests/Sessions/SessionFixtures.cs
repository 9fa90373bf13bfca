using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using OtpSessions.Core.Common;
using OtpSessions.Core.Policy;
using OtpSessions.Core.Sessions;

namespace OtpSessions.Core.Tests.Sessions;

/// <summary>Domain records for tests, built the way the service builds them.</summary>
internal static class SessionFixtures
{
    public static readonly DateTimeOffset Now = new(2030, 1, 2, 10, 0, 0, TimeSpan.Zero);

    /// <summary>The JSON with its escapes resolved (the serializer writes <c>+</c> as <c>\u002B</c>), for text assertions.</summary>
    public static string Unescaped(string json) =>
        JsonNode.Parse(json)!.ToJsonString(new JsonSerializerOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });

    public static Session Session(OtpPolicy? policy = null, SessionStatus status = SessionStatus.Active, string agent = "agent-7", string? team = "retail") => new()
    {
        SessionId = SessionIds.NewSessionId(),
        AgentId = agent,
        Team = team,
        Reference = "loan-8812",
        Status = status,
        CreatedAt = Now,
        ExpiresAt = Now.AddDays(30),
        Policy = policy ?? new OtpPolicy(),
        ParticipantCount = 1,
    };

    public static Participant Participant(Session session, Contact? otp = null, ParticipantStatus status = ParticipantStatus.Invited) => new()
    {
        ParticipantId = SessionIds.NewParticipantId(),
        SessionId = session.SessionId,
        Role = ParticipantRole.Primary,
        Name = "Dana Cole",
        Invite = new Contact(Channel.Email, "dana@example.com"),
        Otp = otp,
        Status = status,
        CreatedAt = Now,
        Invitation = new InvitationState(SessionIds.NewInvitationId(), Now, Now.AddDays(7), "hash"),
    };
}
