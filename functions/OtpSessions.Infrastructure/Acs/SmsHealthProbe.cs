using OtpSessions.Core.Health;

namespace OtpSessions.Infrastructure.Acs;

/// <summary>
/// <c>sms</c> in <c>GET /api/health</c>: <c>not_configured</c> (the app serves, email only) until an SMS sender number
/// (<c>Acs__SmsFrom</c>) is set, then <c>ok</c>. It makes no call to ACS.
/// </summary>
public sealed class SmsHealthProbe(IOptions<AcsOptions> options) : IHealthProbe
{
    public string Name => "sms";

    public Task<ProbeResult> CheckAsync(CancellationToken cancellationToken) =>
        Task.FromResult(options.Value.SmsConfigured ? ProbeResult.Ok : ProbeResult.NotConfigured);
}
