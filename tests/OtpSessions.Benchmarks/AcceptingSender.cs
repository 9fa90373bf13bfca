using OtpSessions.Core.Messaging;

namespace OtpSessions.Benchmarks;

/// <summary>Stands in for ACS: accepts every message at once, so the invitation queue work costs only storage.</summary>
public sealed class AcceptingSender : ISmsSender, IEmailSender
{
    public Task<SendResult> SendAsync(SmsMessage message, CancellationToken cancellationToken) =>
        Task.FromResult(SendResult.Success("sms-" + Guid.NewGuid().ToString("N")));

    public Task<SendResult> SendAsync(EmailMessage message, CancellationToken cancellationToken) =>
        Task.FromResult(SendResult.Success("email-" + Guid.NewGuid().ToString("N")));
}
