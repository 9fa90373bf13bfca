namespace OtpSessions.Core.Sessions;

/// <summary><c>{ "channel", "address" }</c> with the address masked.</summary>
public sealed record ContactView(Channel Channel, string Address);
