using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json.Serialization;
using Azure.Core;
using Microsoft.IdentityModel.Tokens;
using OtpSessions.Core.Evidence;

namespace OtpSessions.Infrastructure.Evidence;

/// <summary>
/// <see cref="IEvidenceSigner"/> with a Key Vault key (<c>Evidence__KeyVaultKeyUrl</c>), over the Key Vault REST API
/// (api-version 7.4) with the app's managed identity: the private key never leaves the vault. The key's current version
/// signs (<c>POST {key}/{version}/sign</c>, ES256 over the SHA-256 of the signing input; the answer is <c>r || s</c>);
/// the JWKS holds every enabled version (<c>GET {key}/versions</c>), each named by its version id. The identity needs the
/// role "Key Vault Crypto User" on the vault. Key descriptions are cached for five minutes.
/// </summary>
public sealed class KeyVaultEvidenceSigner(HttpClient http, TokenCredential credential, IOptions<EvidenceSigningOptions> options, TimeProvider time)
    : IEvidenceSigner
{
    public const string ApiVersion = "7.4";

    /// <summary>The named <see cref="HttpClient"/> it is given (registered in <see cref="EvidenceServiceCollectionExtensions"/>).</summary>
    public const string HttpClientName = "evidence-key-vault";

    private static readonly TokenRequestContext Scope = new(["https://vault.azure.net/.default"]);
    private static readonly TimeSpan CacheFor = TimeSpan.FromMinutes(5);

    private (EvidenceKeySet Keys, string CurrentKid, DateTimeOffset At)? _cache;

    private string KeyUrl => options.Value.KeyVaultKeyUrl!.AbsoluteUri.TrimEnd('/');

    public async Task<string> SignAsync(byte[] payload, CancellationToken cancellationToken)
    {
        var (_, currentKid) = await DescribeAsync(cancellationToken);
        var version = currentKid[(currentKid.LastIndexOf('/') + 1)..];
        var input = Jws.SigningInput(version, payload);
        using var request = await RequestAsync(HttpMethod.Post, $"{currentKid}/sign?api-version={ApiVersion}", cancellationToken);
        request.Content = JsonContent.Create(new SignRequest("ES256", Base64UrlEncoder.Encode(SHA256.HashData(Jws.Ascii(input)))));
        using var response = await http.SendAsync(request, cancellationToken);
        response.EnsureSuccessStatusCode();
        var signed = await response.Content.ReadFromJsonAsync<KeyOperationResult>(cancellationToken)
            ?? throw new InvalidOperationException("Key Vault answered the sign request without a body.");
        return Jws.Compact(input, Base64UrlEncoder.DecodeBytes(signed.Value));
    }

    public async Task<EvidenceKeySet> KeysAsync(CancellationToken cancellationToken) => (await DescribeAsync(cancellationToken)).Keys;

    private async Task<(EvidenceKeySet Keys, string CurrentKid)> DescribeAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (_cache is { } cached && now - cached.At < CacheFor)
        {
            return (cached.Keys, cached.CurrentKid);
        }
        var current = await GetAsync<KeyBundle>($"{KeyUrl}?api-version={ApiVersion}", cancellationToken);
        var keys = new List<EvidencePublicKey> { ToPublicKey(current) };
        string? next = $"{KeyUrl}/versions?api-version={ApiVersion}";
        while (next is not null)
        {
            var page = await GetAsync<KeyList>(next, cancellationToken);
            foreach (var item in page.Value.Where(v => v.Attributes?.Enabled != false && v.Kid != current.Key.Kid))
            {
                keys.Add(ToPublicKey(await GetAsync<KeyBundle>($"{item.Kid}?api-version={ApiVersion}", cancellationToken)));
            }
            next = page.NextLink;
        }
        var set = new EvidenceKeySet(keys);
        _cache = (set, current.Key.Kid, now);
        return (set, current.Key.Kid);
    }

    private static EvidencePublicKey ToPublicKey(KeyBundle bundle) =>
        bundle.Key is { Kty: "EC" or "EC-HSM", Crv: "P-256", X: { } x, Y: { } y }
            ? new EvidencePublicKey(bundle.Key.Kid[(bundle.Key.Kid.LastIndexOf('/') + 1)..], x, y)
            : throw new InvalidOperationException($"The Key Vault key {bundle.Key.Kid} is not an EC P-256 key.");

    private async Task<T> GetAsync<T>(string url, CancellationToken cancellationToken)
    {
        using var request = await RequestAsync(HttpMethod.Get, url, cancellationToken);
        using var response = await http.SendAsync(request, cancellationToken);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<T>(cancellationToken) ?? throw new InvalidOperationException($"Key Vault answered {url} without a body.");
    }

    private async Task<HttpRequestMessage> RequestAsync(HttpMethod method, string url, CancellationToken cancellationToken)
    {
        var token = await credential.GetTokenAsync(Scope, cancellationToken);
        var request = new HttpRequestMessage(method, url);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token.Token);
        return request;
    }

    private sealed record SignRequest([property: JsonPropertyName("alg")] string Alg, [property: JsonPropertyName("value")] string Value);

    private sealed record KeyOperationResult([property: JsonPropertyName("kid")] string Kid, [property: JsonPropertyName("value")] string Value);

    private sealed record JsonWebKeyBody(
        [property: JsonPropertyName("kid")] string Kid, [property: JsonPropertyName("kty")] string Kty, [property: JsonPropertyName("crv")] string? Crv,
        [property: JsonPropertyName("x")] string? X, [property: JsonPropertyName("y")] string? Y);

    private sealed record KeyBundle([property: JsonPropertyName("key")] JsonWebKeyBody Key);

    private sealed record KeyAttributes([property: JsonPropertyName("enabled")] bool? Enabled);

    private sealed record KeyItem([property: JsonPropertyName("kid")] string Kid, [property: JsonPropertyName("attributes")] KeyAttributes? Attributes);

    private sealed record KeyList([property: JsonPropertyName("value")] IReadOnlyList<KeyItem> Value, [property: JsonPropertyName("nextLink")] string? NextLink);
}
