using OtpSessions.Core.Common;
using OtpSessions.Core.Deliveries;
using OtpSessions.Core.Auth;
using OtpSessions.Core.Join;
using OtpSessions.Core.Policy;
using OtpSessions.Core.Sessions;
using Xunit;

namespace OtpSessions.Testing;

/// <summary>Sessions, participants, agents and inputs as the session tests build them (one place for every store and app).</summary>
public static class SessionRecords
{
    /// <summary>An active session of agent-7 (team <c>retail</c>), 30 days long, with a policy of its own.</summary>
    /// <summary>The queue message of attempt <paramref name="attempt"/> of a participant's invitation, as the session service enqueues it.</summary>
    public static DeliveryMessage InvitationMessage(string sessionId, string participantId, int attempt) =>
        new(InvitationDelivery.KindName, sessionId, participantId, attempt.ToString(System.Globalization.CultureInfo.InvariantCulture));

    public static Session Session(DateTimeOffset now, int participantCount = 1) => new()
    {
        SessionId = SessionIds.NewSessionId(),
        AgentId = "agent-7",
        Team = "retail",
        Reference = "loan-8812",
        Status = SessionStatus.Active,
        CreatedAt = now,
        ExpiresAt = now.AddDays(30),
        Policy = new OtpPolicy { MaxAttempts = 3, Lifetime = TimeSpan.FromMinutes(7) },
        ParticipantCount = participantCount,
    };

    /// <summary>A participant invited by email with an SMS code channel: the primary at index 0, else a cosigner.</summary>
    public static Participant Participant(Session session, DateTimeOffset now, int index = 0) => new()
    {
        ParticipantId = SessionIds.NewParticipantId(),
        SessionId = session.SessionId,
        Index = index,
        Role = index == 0 ? ParticipantRole.Primary : ParticipantRole.Cosigner,
        Name = "Dana Cole",
        Invite = new Contact(Channel.Email, "dana@example.com"),
        Otp = new Contact(Channel.Sms, "+14155550100"),
        CreatedAt = now,
        Invitation = new InvitationState(SessionIds.NewInvitationId(), now, now.AddDays(7), "hash-" + Guid.NewGuid()),
    };

    public static AgentPrincipal Agent(string? id = null, string? team = "retail", params string[] roles) =>
        new(id ?? "agent-" + Guid.NewGuid().ToString("N")[..8], team, roles);

    public static StartSessionInput TwoParticipants(string reference = "loan-8812") => new(
    [
        new ParticipantInput(ParticipantRole.Primary, "Dana Cole", new ContactInput(Channel.Email, "dana@example.com"),
            new ContactInput(Channel.Sms, "+14155550100")),
        new ParticipantInput(ParticipantRole.Cosigner, "Lee Cole", new ContactInput(Channel.Sms, "+14155550101"),
            new ContactInput(Channel.Email, "lee@example.com")),
    ], reference);

    /// <summary>Sets a team's overrides as the admin endpoint does (version-checked over what is stored now).</summary>
    public static async Task SetTeamPolicyAsync(this ITeamPolicyStore policies, string team, PolicyOverrides overrides)
    {
        ArgumentNullException.ThrowIfNull(policies);
        await policies.SaveAsync(team, overrides, (await policies.LoadAsync(team, CancellationToken.None)).Version, CancellationToken.None);
    }

    /// <summary>One participant with its session, as workers read it; throws when absent.</summary>
    public static async Task<ParticipantSnapshot> ParticipantAsync(this ISessionStore sessions, string sessionId, string participantId)
    {
        ArgumentNullException.ThrowIfNull(sessions);
        return await sessions.LoadParticipantAsync(sessionId, participantId, CancellationToken.None)
            ?? throw new InvalidOperationException("participant not found");
    }

    /// <summary>What a customer token is worth at <paramref name="now"/>, decided as the customer API does: on the participant it names, read alone.</summary>
    public static async Task<LinkCheck> CheckAsync(this ISessionStore sessions, TokenFactory tokens, string token, TokenKind kind, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(sessions);
        ArgumentNullException.ThrowIfNull(tokens);
        Assert.True(TokenFactory.TryReadHolder(token, out var sessionId, out var participantId));
        var snapshot = await sessions.LoadParticipantWithTermsAsync(sessionId, participantId, CancellationToken.None);
        return LinkRules.Check(TokenFactory.Hash(token), kind, snapshot, now);
    }
}
