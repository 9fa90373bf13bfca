using System.Diagnostics.CodeAnalysis;
using OtpSessions.Core.Messaging;
using OtpSessions.Core.Policy;

namespace OtpSessions.Core.Sessions;

/// <summary>How a message reaches a person. Wire form: <c>sms</c>, <c>email</c>.</summary>
public enum Channel
{
    Sms,
    Email,
}
