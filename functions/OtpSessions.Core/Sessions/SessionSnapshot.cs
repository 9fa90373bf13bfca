namespace OtpSessions.Core.Sessions;

public sealed record SessionSnapshot(Session Session, IReadOnlyList<Participant> Participants)
{
    public Participant? Find(string participantId) => Participants.FirstOrDefault(p => p.ParticipantId == participantId);
}
