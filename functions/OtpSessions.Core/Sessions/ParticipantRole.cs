namespace OtpSessions.Core.Sessions;

/// <summary>Wire form: <c>primary</c>, <c>cosigner</c>, <c>additional</c>.</summary>
public enum ParticipantRole
{
    Primary,
    Cosigner,
    Additional,
}
