using OtpSessions.Core.Budgets;
using OtpSessions.Core.Deliveries;
using OtpSessions.Core.Events;
using OtpSessions.Core.Otp;
using OtpSessions.Core.Policy;
using OtpSessions.Core.Sessions;

namespace OtpSessions.Core.Join;

/// <summary>A fresh link is on its way to the participant's own invite address; it works until <see cref="LinkExpiresAt"/>.</summary>
public sealed record LinkRenewal(DateTimeOffset LinkExpiresAt);
