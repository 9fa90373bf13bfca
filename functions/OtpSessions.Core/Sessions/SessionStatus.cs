namespace OtpSessions.Core.Sessions;

/// <summary>Wire form: <c>active</c>, <c>closed</c>. An expired session is absent (its rows are treated as gone).</summary>
public enum SessionStatus
{
    Active,
    Closed,
}
