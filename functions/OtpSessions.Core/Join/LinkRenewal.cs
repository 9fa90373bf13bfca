
namespace OtpSessions.Core.Join;

/// <summary>A fresh link is on its way to the participant's own invite address; it works until <see cref="LinkExpiresAt"/>.</summary>
public sealed record LinkRenewal(DateTimeOffset LinkExpiresAt);
