namespace OtpSessions.Infrastructure.Storage;

public sealed class StorageInitializerOptions
{
    public const string SectionName = "Storage";

    public bool CreateIfMissing { get; set; }
}
