namespace OtpSessions.Core.Events;

/// <summary>What the dispatcher writes after a failed attempt.</summary>
public sealed record OutboxFailure(int Attempts, string Error, bool Stuck, bool Rejected, DateTimeOffset? NextAttemptAt);
