namespace OtpSessions.FakeAcs;

public sealed class FakeAcsOptions
{
    /// <summary>The base64 access key requests must be signed with (the <c>accesskey=</c> part of the app's connection string).</summary>
    public required string AccessKey { get; init; }

    /// <summary>The fake's clock: for the date-skew check and <c>receivedAt</c>. Tests inject a FakeTimeProvider.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>ACS refuses a request whose <c>x-ms-date</c> is further than this from its clock.</summary>
    public TimeSpan MaxClockSkew { get; init; } = TimeSpan.FromMinutes(15);

    internal byte[] KeyBytes()
    {
        var buffer = new byte[AccessKey.Length];
        return Convert.TryFromBase64String(AccessKey, buffer, out var written) && written > 0
            ? buffer[..written]
            : throw new InvalidOperationException("The fake ACS access key must be base64 (the accesskey= part of Acs__ConnectionString).");
    }
}
