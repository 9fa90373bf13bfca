namespace OtpSessions.Core.Sessions;

// Request bodies of the agent API as they arrive (everything nullable: the rules in SessionRules say what is missing).

/// <summary><c>{ "channel": "sms" | "email", "address": "…" }</c>.</summary>
public sealed record ContactInput(Channel? Channel, string? Address);
