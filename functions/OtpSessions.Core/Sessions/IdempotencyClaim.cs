namespace OtpSessions.Core.Sessions;

/// <param name="Won">True: this request holds the key now and must do the work. False: <paramref name="Record"/> is the first request's.</param>
public sealed record IdempotencyClaim(bool Won, IdempotencyRecord Record);
