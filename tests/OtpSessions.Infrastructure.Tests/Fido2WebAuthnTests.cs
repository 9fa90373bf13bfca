using System.Buffers.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using OtpSessions.Core.Messaging;
using OtpSessions.Core.Passkeys;
using OtpSessions.Infrastructure.Passkeys;
using OtpSessions.Testing;

namespace OtpSessions.Infrastructure.Tests;

/// <summary>
/// The real ceremonies (Fido2) against the software authenticator the benchmark uses: what it makes verifies, and
/// what a browser would refuse to make (another origin, a changed signature, a counter gone back) does not.
/// </summary>
public sealed class Fido2WebAuthnTests
{
    private const string Origin = "https://join.example.com";
    private static readonly DateTimeOffset Later = new(2030, 1, 7, 9, 5, 0, TimeSpan.Zero);
    private static readonly WebAuthnUser User = new(Base64Url.EncodeToString(new byte[32]), "Dana", "Dana Cole");

    private readonly Fido2WebAuthn _webAuthn = new(Microsoft.Extensions.Options.Options.Create(new PasskeyOptions()), Microsoft.Extensions.Options.Options.Create(new InvitationLinkOptions { BaseUrl = Origin }),
        NullLogger<Fido2WebAuthn>.Instance);

    [Fact]
    public async Task A_software_authenticators_registration_and_assertions_verify_and_its_counter_goes_up()
    {
        using var authenticator = new SoftwareAuthenticator(Origin);
        var passkey = (await RegisterAsync(authenticator))!;

        var first = await AssertAsync(authenticator, passkey);
        var second = await AssertAsync(authenticator, passkey with { SignCount = first!.Value });

        Assert.Equal(passkey.SignCount + 1, first);
        Assert.Equal(first + 1, second);
    }

    [Fact]
    public async Task An_assertion_from_another_origin_a_changed_signature_or_a_counter_gone_back_does_not_verify()
    {
        using var authenticator = new SoftwareAuthenticator(Origin);
        var passkey = (await RegisterAsync(authenticator))!;
        using var elsewhere = new SoftwareAuthenticator("https://join.example.net");
        var foreign = await RegisterAsync(elsewhere, expectVerified: false);

        var challenge = Challenge(PasskeyCeremony.Authentication);
        var answer = authenticator.Assert(RequestOptions(challenge, passkey));
        var signature = Base64Url.DecodeFromChars(answer["response"]!["signature"]!.GetValue<string>());
        signature[^1] ^= 1;
        answer["response"]!["signature"] = Base64Url.EncodeToString(signature);

        Assert.Null(foreign);
        Assert.Null(await _webAuthn.VerifyAuthenticationAsync(Element(answer), challenge, passkey, CancellationToken.None));
        Assert.Null(await AssertAsync(authenticator, passkey with { SignCount = 100 }));
    }

    private async Task<Passkey?> RegisterAsync(SoftwareAuthenticator authenticator, bool expectVerified = true)
    {
        var challenge = Challenge(PasskeyCeremony.Registration);
        var options = JsonNode.Parse(_webAuthn.RegistrationOptions(User, challenge, []).GetRawText())!;
        var credential = await _webAuthn.VerifyRegistrationAsync(Element(authenticator.Register(options)), User, challenge, CancellationToken.None);
        Assert.Equal(expectVerified, credential is not null);
        if (credential is null)
        {
            return null;
        }
        Assert.Equal(authenticator.CredentialId, credential.PasskeyId);
        return new Passkey(User.OwnerKey, credential.PasskeyId, credential.PublicKey, credential.SignCount, DateTimeOffset.UnixEpoch, null);
    }

    private async Task<uint?> AssertAsync(SoftwareAuthenticator authenticator, Passkey? passkey)
    {
        var challenge = Challenge(PasskeyCeremony.Authentication);
        return await _webAuthn.VerifyAuthenticationAsync(Element(authenticator.Assert(RequestOptions(challenge, passkey!))), challenge, passkey!, CancellationToken.None);
    }

    private JsonNode RequestOptions(PasskeyChallenge challenge, Passkey passkey) =>
        JsonNode.Parse(_webAuthn.AuthenticationOptions(challenge, [passkey.PasskeyId]).GetRawText())!;

    private static PasskeyChallenge Challenge(PasskeyCeremony ceremony) => PasskeyChallenge.New("s|p", ceremony, Later);

    private static JsonElement Element(JsonNode node) => JsonDocument.Parse(node.ToJsonString()).RootElement.Clone();
}
