using System.Security.Cryptography;
using OtpSessions.Core.Evidence;

namespace OtpSessions.Infrastructure.Evidence;

/// <summary>
/// <see cref="IEvidenceSigner"/> with the keys in settings (<see cref="EvidenceSigningOptions"/>): the current key signs,
/// every key is in the JWKS, each named by its JWK thumbprint.
/// </summary>
public sealed class SettingsEvidenceSigner : IEvidenceSigner, IDisposable
{
    private readonly List<ECDsa> _keys;
    private readonly EvidenceKeySet _keySet;

    public SettingsEvidenceSigner(IOptions<EvidenceSigningOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _keys = [.. options.Value.AllKeys().Select(k => Import(k.Setting, k.Value))];
        if (_keys.Count == 0)
        {
            throw new InvalidOperationException("Evidence__SigningKey is not set.");
        }
        _keySet = new EvidenceKeySet([.. _keys.Select(Jws.PublicKey)]);
    }

    public Task<string> SignAsync(byte[] payload, CancellationToken cancellationToken)
    {
        var input = Jws.SigningInput(_keySet.Keys[0].Kid, payload);
        return Task.FromResult(Jws.Compact(input, _keys[0].SignData(Jws.Ascii(input), HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation)));
    }

    public Task<EvidenceKeySet> KeysAsync(CancellationToken cancellationToken) => Task.FromResult(_keySet);

    public void Dispose()
    {
        foreach (var key in _keys)
        {
            key.Dispose();
        }
    }

    private static ECDsa Import(string setting, string value)
    {
        var bytes = EvidenceSigningOptions.TryDecode(value) ?? throw new InvalidOperationException($"{setting} is not an EC P-256 private key.");
        var key = ECDsa.Create();
        key.ImportPkcs8PrivateKey(bytes, out _);
        return key;
    }
}
