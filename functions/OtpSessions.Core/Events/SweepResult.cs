namespace OtpSessions.Core.Events;

public sealed record SweepResult(int PendingRows, int Sessions, int DispatchedSessions, int Published, int FailedSessions, int Stuck);
