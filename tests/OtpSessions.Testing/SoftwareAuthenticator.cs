using System.Buffers.Text;
using System.Formats.Cbor;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace OtpSessions.Testing;

/// <summary>
/// A platform authenticator in software, for callers without a browser (the benchmark, HTTP tests): it answers the
/// server's WebAuthn options with the JSON a browser's <c>navigator.credentials.create()</c> / <c>.get()</c> would give
/// (<c>toJSON()</c> forms), made the way the specification says — attestation <c>none</c>, an ES256 key, user present
/// and verified, a signature counter that goes up — so the server's real verification (Fido2) checks them.
/// One credential per instance.
/// </summary>
public sealed class SoftwareAuthenticator(string origin) : IDisposable
{
    private const byte UserPresent = 0x01;
    private const byte UserVerified = 0x04;
    private const byte AttestedCredentialData = 0x40;

    private readonly ECDsa _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly byte[] _credentialId = RandomNumberGenerator.GetBytes(32);
    private byte[] _userHandle = [];
    private uint _signCount;

    /// <summary>The credential's id, base64url (as the server names the passkey).</summary>
    public string CredentialId => Base64Url.EncodeToString(_credentialId);

    /// <summary>The <c>RegistrationResponseJSON</c> answering <paramref name="creationOptions"/> (<c>PublicKeyCredentialCreationOptionsJSON</c>).</summary>
    public JsonObject Register(JsonNode creationOptions)
    {
        ArgumentNullException.ThrowIfNull(creationOptions);
        var rpId = creationOptions["rp"]!["id"]!.GetValue<string>();
        _userHandle = Base64Url.DecodeFromChars(creationOptions["user"]!["id"]!.GetValue<string>());
        var clientData = ClientData("webauthn.create", creationOptions["challenge"]!.GetValue<string>());
        var authenticatorData = AuthenticatorData(rpId, UserPresent | UserVerified | AttestedCredentialData, AttestedCredential());
        var attestation = new CborWriter();
        attestation.WriteStartMap(3);
        attestation.WriteTextString("fmt");
        attestation.WriteTextString("none");
        attestation.WriteTextString("attStmt");
        attestation.WriteStartMap(0);
        attestation.WriteEndMap();
        attestation.WriteTextString("authData");
        attestation.WriteByteString(authenticatorData);
        attestation.WriteEndMap();
        return Credential(new JsonObject
        {
            ["clientDataJSON"] = Base64Url.EncodeToString(clientData),
            ["attestationObject"] = Base64Url.EncodeToString(attestation.Encode()),
            ["transports"] = new JsonArray("internal"),
        });
    }

    /// <summary>The <c>AuthenticationResponseJSON</c> answering <paramref name="requestOptions"/> (<c>PublicKeyCredentialRequestOptionsJSON</c>).</summary>
    public JsonObject Assert(JsonNode requestOptions)
    {
        ArgumentNullException.ThrowIfNull(requestOptions);
        var clientData = ClientData("webauthn.get", requestOptions["challenge"]!.GetValue<string>());
        var authenticatorData = AuthenticatorData(requestOptions["rpId"]!.GetValue<string>(), UserPresent | UserVerified, []);
        var signature = _key.SignData([.. authenticatorData, .. SHA256.HashData(clientData)], HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        return Credential(new JsonObject
        {
            ["clientDataJSON"] = Base64Url.EncodeToString(clientData),
            ["authenticatorData"] = Base64Url.EncodeToString(authenticatorData),
            ["signature"] = Base64Url.EncodeToString(signature),
            ["userHandle"] = Base64Url.EncodeToString(_userHandle),
        });
    }

    public void Dispose() => _key.Dispose();

    private JsonObject Credential(JsonObject response) => new()
    {
        ["id"] = CredentialId,
        ["rawId"] = CredentialId,
        ["type"] = "public-key",
        ["response"] = response,
        ["clientExtensionResults"] = new JsonObject(),
        ["authenticatorAttachment"] = "platform",
    };

    private byte[] ClientData(string type, string challenge) =>
        Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new { type, challenge, origin, crossOrigin = false }));

    /// <summary>rpIdHash ‖ flags ‖ signCount (big-endian, one more each time) ‖ attested credential data.</summary>
    private byte[] AuthenticatorData(string rpId, int flags, byte[] attested)
    {
        var count = ++_signCount;
        return [.. SHA256.HashData(Encoding.UTF8.GetBytes(rpId)), (byte)flags,
            (byte)(count >> 24), (byte)(count >> 16), (byte)(count >> 8), (byte)count, .. attested];
    }

    /// <summary>AAGUID (zeros) ‖ credential id length ‖ credential id ‖ the public key as a COSE EC2 key (ES256).</summary>
    private byte[] AttestedCredential()
    {
        var point = _key.ExportParameters(includePrivateParameters: false).Q;
        var cose = new CborWriter(CborConformanceMode.Ctap2Canonical);
        cose.WriteStartMap(5);
        cose.WriteInt32(1); // kty: EC2
        cose.WriteInt32(2);
        cose.WriteInt32(3); // alg: ES256
        cose.WriteInt32(-7);
        cose.WriteInt32(-1); // crv: P-256
        cose.WriteInt32(1);
        cose.WriteInt32(-2); // x
        cose.WriteByteString(point.X!);
        cose.WriteInt32(-3); // y
        cose.WriteByteString(point.Y!);
        cose.WriteEndMap();
        return [.. new byte[16], (byte)(_credentialId.Length >> 8), (byte)_credentialId.Length, .. _credentialId, .. cose.Encode()];
    }
}
