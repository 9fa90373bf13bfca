namespace OtpSessions.Infrastructure.Acs;

/// <summary>Signs every request with the access key (inside the retry handler, so each attempt gets a fresh date).</summary>
public sealed class AcsHmacAuthenticationHandler(byte[] accessKey, TimeProvider time) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        await AcsHmacSigner.SignAsync(request, accessKey, time.GetUtcNow(), cancellationToken);
        return await base.SendAsync(request, cancellationToken);
    }
}
