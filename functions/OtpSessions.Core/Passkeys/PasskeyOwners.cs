using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using OtpSessions.Core.Otp;

namespace OtpSessions.Core.Passkeys;

/// <summary>
/// Names a person's passkeys by a keyed hash of the normalised address (HMAC-SHA256 under the
/// <see cref="KeyPurposes.PasskeyAddress"/> subkey of the master key, base64url of 16 bytes): the store never holds the
/// address, and the same address finds the same passkeys in any session. The key is also the WebAuthn user handle.
/// Register as a singleton.
/// </summary>
public sealed class PasskeyOwners(OtpMasterKey masterKey)
{
    private readonly byte[] _key = masterKey.DeriveKey(KeyPurposes.PasskeyAddress);

    public string KeyOf(Contact address)
    {
        ArgumentNullException.ThrowIfNull(address);
        var normalised = address.Channel == Channel.Email ? address.Address.Trim().ToLowerInvariant() : address.Address.Trim();
        var mac = HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(address.ChannelName + ":" + normalised));
        return Base64Url.EncodeToString(mac.AsSpan(0, 16));
    }
}
