namespace OtpSessions.Infrastructure.Storage;

/// <summary>The one mapping between Core's opaque <see cref="StoredVersion"/> and a Table Storage row's ETag.</summary>
public static class StoredVersions
{
    public static StoredVersion ToVersion(this ETag etag) => new(etag.ToString());

    public static ETag ToETag(this StoredVersion version)
    {
        ArgumentNullException.ThrowIfNull(version);
        return new ETag(version.Value);
    }
}
