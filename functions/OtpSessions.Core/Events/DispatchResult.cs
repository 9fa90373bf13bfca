namespace OtpSessions.Core.Events;

/// <param name="Parked">Events of this pass refused by the safety net and parked.</param>
public sealed record DispatchResult(int Published, DispatchOutcome Outcome, int Parked = 0);
