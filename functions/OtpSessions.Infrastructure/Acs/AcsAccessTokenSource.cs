using Azure.Core;

namespace OtpSessions.Infrastructure.Acs;

/// <summary>One cached token for all ACS clients, refreshed five minutes before it expires.</summary>
public sealed class AcsAccessTokenSource(TokenCredential credential, TimeProvider time) : IDisposable
{
    // The scope the ACS SDKs request (note the double slash: the resource id ends with '/').
    private static readonly TokenRequestContext Scope = new(["https://communication.azure.com//.default"]);
    private static readonly TimeSpan RefreshMargin = TimeSpan.FromMinutes(5);

    private readonly SemaphoreSlim gate = new(1, 1);
    private AccessToken? current;

    public async ValueTask<string> GetTokenAsync(CancellationToken cancellationToken)
    {
        if (Fresh() is { } token)
        {
            return token;
        }
        await gate.WaitAsync(cancellationToken);
        try
        {
            if (Fresh() is { } refreshed)
            {
                return refreshed;
            }
            current = await credential.GetTokenAsync(Scope, cancellationToken);
            return current.Value.Token;
        }
        finally
        {
            gate.Release();
        }
    }

    public void Dispose() => gate.Dispose();

    private string? Fresh() =>
        current is { } token && token.ExpiresOn - time.GetUtcNow() > RefreshMargin ? token.Token : null;
}
