namespace OtpSessions.Core.Messaging;

/// <summary>An email body in both forms, so every mail client shows something sensible.</summary>
public sealed record EmailContent(string Subject, string PlainText, string Html)
{
    public override string ToString() => "EmailContent { … }";
}
