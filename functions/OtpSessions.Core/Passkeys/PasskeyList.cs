namespace OtpSessions.Core.Passkeys;

/// <summary><c>{ "passkeys": [ … ] }</c>.</summary>
public sealed record PasskeyList(IReadOnlyList<PasskeyView> Passkeys);
