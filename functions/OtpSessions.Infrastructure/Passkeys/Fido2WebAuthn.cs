using System.Buffers.Text;
using Fido2NetLib;
using Fido2NetLib.Objects;
using OtpSessions.Core.Passkeys;

namespace OtpSessions.Infrastructure.Passkeys;

/// <summary>
/// <see cref="IWebAuthn"/> with the Fido2 library: relying party id <see cref="PasskeyOptions.EffectiveRpId"/>, origin
/// = the origin of <c>Web__BaseUrl</c>, user verification required, resident key preferred, attestation <c>none</c>. The
/// options of a ceremony are rebuilt from the challenge (nothing else is kept between the two requests), so verification
/// checks exactly what was asked: this relying party, this origin, user verification, the challenge.
/// </summary>
public sealed partial class Fido2WebAuthn : IWebAuthn
{
    private readonly Fido2Configuration _config;
    private readonly Fido2 _fido2;
    private readonly ILogger<Fido2WebAuthn> _logger;

    public Fido2WebAuthn(IOptions<PasskeyOptions> options, IOptions<InvitationLinkOptions> web, ILogger<Fido2WebAuthn> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(web);
        var baseUrl = new Uri(web.Value.BaseUrl);
        _config = new Fido2Configuration
        {
            RPID = options.Value.EffectiveRpId(baseUrl),
            RPName = options.Value.RpName,
            Origins = new HashSet<string>([baseUrl.GetLeftPart(UriPartial.Authority)], StringComparer.OrdinalIgnoreCase),
            Timeout = (uint)PasskeyRules.ChallengeLifetime.TotalMilliseconds,
        };
        _fido2 = new Fido2(_config);
        _logger = logger;
    }

    /// <summary>The relying party id in force.</summary>
    public string RpId => _config.RPID;

    public JsonElement RegistrationOptions(WebAuthnUser user, PasskeyChallenge challenge, IReadOnlyList<string> excludePasskeyIds)
    {
        ArgumentNullException.ThrowIfNull(excludePasskeyIds);
        return JsonDocument.Parse(CreationOptions(user, challenge, excludePasskeyIds).ToJson()).RootElement.Clone();
    }

    public JsonElement AuthenticationOptions(PasskeyChallenge challenge, IReadOnlyList<string> allowPasskeyIds)
    {
        ArgumentNullException.ThrowIfNull(allowPasskeyIds);
        return JsonDocument.Parse(RequestOptions(challenge, allowPasskeyIds).ToJson()).RootElement.Clone();
    }

    public async Task<NewCredential?> VerifyRegistrationAsync(JsonElement response, WebAuthnUser user, PasskeyChallenge challenge,
        CancellationToken cancellationToken)
    {
        try
        {
            var raw = response.Deserialize<AuthenticatorAttestationRawResponse>();
            if (raw?.Response is null)
            {
                return null;
            }
            var credential = await _fido2.MakeNewCredentialAsync(new MakeNewCredentialParams
            {
                AttestationResponse = raw,
                OriginalOptions = CreationOptions(user, challenge, []),
                IsCredentialIdUniqueToUserCallback = (_, _) => Task.FromResult(true),
            }, cancellationToken);
            return new NewCredential(Base64Url.EncodeToString(credential.Id), credential.PublicKey, credential.SignCount);
        }
        catch (Exception e) when (e is Fido2VerificationException or JsonException or FormatException or ArgumentException
            or InvalidOperationException or NotSupportedException or System.Formats.Cbor.CborContentException)
        {
            LogRefused(_logger, "registration", Reason(e));
            return null;
        }
    }

    public async Task<uint?> VerifyAuthenticationAsync(JsonElement response, PasskeyChallenge challenge, Passkey passkey,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(passkey);
        try
        {
            var raw = response.Deserialize<AuthenticatorAssertionRawResponse>();
            if (raw?.Response is null)
            {
                return null;
            }
            var ownerHandle = Base64Url.DecodeFromChars(passkey.OwnerKey);
            var result = await _fido2.MakeAssertionAsync(new MakeAssertionParams
            {
                AssertionResponse = raw,
                OriginalOptions = RequestOptions(challenge, [passkey.PasskeyId]),
                StoredPublicKey = passkey.PublicKey,
                StoredSignatureCounter = passkey.SignCount,
                IsUserHandleOwnerOfCredentialIdCallback = (args, _) => Task.FromResult(args.UserHandle.AsSpan().SequenceEqual(ownerHandle)),
            }, cancellationToken);
            return result.SignCount;
        }
        catch (Exception e) when (e is Fido2VerificationException or JsonException or FormatException or ArgumentException
            or InvalidOperationException or NotSupportedException or System.Formats.Cbor.CborContentException)
        {
            LogRefused(_logger, "assertion", Reason(e));
            return null;
        }
    }

    private CredentialCreateOptions CreationOptions(WebAuthnUser user, PasskeyChallenge challenge, IReadOnlyList<string> exclude)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(challenge);
        return CredentialCreateOptions.Create(_config, challenge.Bytes,
            new Fido2User { Id = Base64Url.DecodeFromChars(user.OwnerKey), Name = user.Name, DisplayName = user.DisplayName },
            new AuthenticatorSelection { ResidentKey = ResidentKeyRequirement.Preferred, UserVerification = UserVerificationRequirement.Required },
            AttestationConveyancePreference.None,
            [.. exclude.Select(id => new PublicKeyCredentialDescriptor(Base64Url.DecodeFromChars(id)))],
            extensions: null,
            [PubKeyCredParam.ES256, PubKeyCredParam.Ed25519, PubKeyCredParam.RS256]);
    }

    private AssertionOptions RequestOptions(PasskeyChallenge challenge, IReadOnlyList<string> allow)
    {
        ArgumentNullException.ThrowIfNull(challenge);
        return AssertionOptions.Create(_config, challenge.Bytes,
            [.. allow.Select(id => new PublicKeyCredentialDescriptor(Base64Url.DecodeFromChars(id)))],
            UserVerificationRequirement.Required, extensions: null);
    }

    /// <summary>Why, in words that hold no key material or address: Fido2's error code, or the kind of parsing failure.</summary>
    private static string Reason(Exception e) => e is Fido2VerificationException fido ? fido.Code.ToString() : e.GetType().Name;

    [LoggerMessage(Level = LogLevel.Information, Message = "A passkey {Ceremony} did not verify ({Reason}).")]
    private static partial void LogRefused(ILogger logger, string ceremony, string reason);
}
