using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Core;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using OtpSessions.Core.Evidence;
using OtpSessions.Infrastructure.Evidence;
using OtpSessions.Testing;

namespace OtpSessions.Infrastructure.Tests.Evidence;

/// <summary>
/// The evidence signers, verified with standard tooling (Microsoft.IdentityModel's JsonWebTokenHandler against the JWKS
/// they publish): the settings signer before and after a key rotation, and the Key Vault signer against a stand-in
/// vault that signs the digest it is sent, as Key Vault does, with a key it never hands out.
/// </summary>
public sealed class EvidenceSignerTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    private static readonly byte[] Payload = Encoding.UTF8.GetBytes("""{"iss":"otp-sessions","sessionId":"s_1","participants":[]}""");

    private static async Task<TokenValidationResult> VerifyAsync(string jws, EvidenceKeySet keys)
    {
        var jwks = new JsonWebKeySet(JsonSerializer.Serialize(keys, Core.Sessions.SessionJson.Options));
        return await new JsonWebTokenHandler().ValidateTokenAsync(jws, new TokenValidationParameters
        {
            IssuerSigningKeys = jwks.GetSigningKeys(),
            ValidAlgorithms = ["ES256"],
            ValidateIssuer = false,
            ValidateAudience = false,
            ValidateLifetime = false,
            RequireExpirationTime = false,
        });
    }

    private static SettingsEvidenceSigner Signer(string current, params string[] previous)
    {
        var options = new EvidenceSigningOptions { SigningKey = current };
        foreach (var key in previous)
        {
            options.PreviousSigningKeys.Add(key);
        }
        return new SettingsEvidenceSigner(Options.Create(options));
    }

    [Fact]
    public async Task A_settings_key_signs_exactly_the_payload_and_its_jwks_verifies_it()
    {
        using var signer = Signer(ProductionSettings.RandomEvidenceKey());

        var jws = await signer.SignAsync(Payload, None);
        var keys = await signer.KeysAsync(None);

        Assert.True((await VerifyAsync(jws, keys)).IsValid);
        Assert.Equal(Payload, Base64UrlEncoder.DecodeBytes(jws.Split('.')[1]));
        var key = Assert.Single(keys.Keys);
        Assert.Equal(("EC", "P-256", "ES256", "sig"), (key.Kty, key.Crv, key.Alg, key.Use));
    }

    [Fact]
    public async Task After_a_rotation_evidence_signed_before_still_verifies_with_the_previous_key_in_the_jwks()
    {
        var (old, fresh) = (ProductionSettings.RandomEvidenceKey(), ProductionSettings.RandomEvidenceKey());
        using var before = Signer(old);
        var signedBefore = await before.SignAsync(Payload, None);

        using var after = Signer(fresh, old);
        var keys = await after.KeysAsync(None);
        var signedAfter = await after.SignAsync(Payload, None);

        Assert.Equal(2, keys.Keys.Count);
        Assert.Equal((await before.KeysAsync(None)).Keys[0], keys.Keys[1]);
        Assert.True((await VerifyAsync(signedBefore, keys)).IsValid);
        Assert.True((await VerifyAsync(signedAfter, keys)).IsValid);
        Assert.NotEqual(Kid(signedBefore), Kid(signedAfter));
        Assert.Equal(keys.Keys[0].Kid, Kid(signedAfter));
        // Without the previous key in the JWKS, the old evidence would not verify: the rotation is what keeps it valid.
        Assert.False((await VerifyAsync(signedBefore, new EvidenceKeySet([keys.Keys[0]]))).IsValid);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not base64")]
    [InlineData("AAAA")]
    public void A_key_that_is_not_an_ec_p256_pkcs8_key_is_refused_naming_the_setting(string key)
    {
        var options = new EvidenceSigningOptions { SigningKey = key };
        var results = options.Validate(new System.ComponentModel.DataAnnotations.ValidationContext(options)).ToList();

        Assert.Contains(results, r => r.ErrorMessage!.Contains("Evidence__", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_key_vault_key_signs_the_digest_in_the_vault_and_its_enabled_versions_are_the_jwks()
    {
        using var current = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var previous = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var vault = new StandInVault(new() { ["v2"] = current, ["v1"] = previous });
        using var http = new HttpClient(vault);
        var options = new EvidenceSigningOptions { KeyVaultKeyUrl = new Uri("https://vault.example.invalid/keys/evidence") };
        var signer = new KeyVaultEvidenceSigner(http, new StaticToken(), Options.Create(options), new FakeTimeProvider());

        var jws = await signer.SignAsync(Payload, None);
        var keys = await signer.KeysAsync(None);

        Assert.Equal(["v2", "v1"], keys.Keys.Select(k => k.Kid));
        Assert.Equal("v2", Kid(jws));
        Assert.True((await VerifyAsync(jws, keys)).IsValid);
        Assert.All(vault.Requests, r => Assert.Equal("Bearer vault-token", r));
    }

    private static string Kid(string jws)
    {
        using var header = JsonDocument.Parse(Base64UrlEncoder.DecodeBytes(jws.Split('.')[0]));
        return header.RootElement.GetProperty("kid").GetString()!;
    }

    private sealed class StaticToken : TokenCredential
    {
        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            new("vault-token", DateTimeOffset.MaxValue);

        public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            ValueTask.FromResult(GetToken(requestContext, cancellationToken));
    }

    /// <summary>The Key Vault REST API's key operations this app uses (api-version 7.4), over keys it never exports.</summary>
    private sealed class StandInVault(Dictionary<string, ECDsa> versions) : HttpMessageHandler
    {
        private const string Key = "https://vault.example.invalid/keys/evidence";

        public List<string> Requests { get; } = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Requests.Add(request.Headers.Authorization!.ToString());
            Assert.Contains("api-version=7.4", request.RequestUri!.Query, StringComparison.Ordinal);
            var path = request.RequestUri.GetLeftPart(UriPartial.Path);
            if (request.Method == HttpMethod.Post && path.EndsWith("/sign", StringComparison.Ordinal))
            {
                var version = path.Split('/')[^2];
                var body = (await request.Content!.ReadFromJsonAsync<JsonObject>(cancellationToken))!;
                Assert.Equal("ES256", body["alg"]!.GetValue<string>());
                var digest = Base64UrlEncoder.DecodeBytes(body["value"]!.GetValue<string>());
                Assert.Equal(32, digest.Length);
                var signature = versions[version].SignHash(digest, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
                return Json(new { kid = $"{Key}/{version}", value = Base64UrlEncoder.Encode(signature) });
            }
            if (path == $"{Key}/versions")
            {
                return Json(new { value = versions.Keys.Select(v => new { kid = $"{Key}/{v}", attributes = new { enabled = true } }) });
            }
            var named = path == Key ? versions.Keys.Max()! : path.Split('/')[^1];
            var q = versions[named].ExportParameters(false).Q;
            return Json(new { key = new { kid = $"{Key}/{named}", kty = "EC", crv = "P-256", x = Base64UrlEncoder.Encode(q.X), y = Base64UrlEncoder.Encode(q.Y) } });
        }

        private static HttpResponseMessage Json(object body) => new(HttpStatusCode.OK) { Content = JsonContent.Create(body) };
    }
}
