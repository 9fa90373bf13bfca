namespace OtpSessions.Core.Sessions;

/// <summary>The session and one of its participants, with the participant's delivery record merged in.</summary>
public sealed record ParticipantSnapshot(Session Session, Participant Participant)
{
    /// <summary>The participant with the terms of its session (what a delivery decides on).</summary>
    public ParticipantWithTerms WithTerms() => new(Session, Participant);
}
