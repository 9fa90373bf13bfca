namespace OtpSessions.Core.Otp;

/// <summary>The HKDF <c>info</c> strings of <see cref="OtpMasterKey.DeriveKey(string, int)"/>: one per use of a master key.</summary>
public static class KeyPurposes
{
    /// <summary>AES-256-GCM encryption of stored codes (<see cref="AesGcmCodeProtector"/>).</summary>
    public const string CodeEncryption = "otp-code";

    /// <summary>Invite tokens.</summary>
    public const string InviteToken = "invite-token";

    /// <summary>"Not me" report tokens (<see cref="Sessions.TokenFactory.ReportToken(string, string, Common.Channel, string?)"/>).</summary>
    public const string ReportToken = "report-token";

    /// <summary>The keyed hash that names an address's send budget counter (never the address itself).</summary>
    public const string SendBudgetAddress = "send-budget-address";

    /// <summary>The keyed hash that names a person's passkeys (their verified address, never in clear).</summary>
    public const string PasskeyAddress = "passkey-address";

    /// <summary>The public id of a key (not a secret: 48 bits of a one-way derivation).</summary>
    public const string KeyId = "key-id";
}
