using Azure.Data.Tables;
using Azure.Storage.Queues;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OtpSessions.Core;

namespace OtpSessions.Infrastructure.Storage;

public sealed class StorageInitializerOptions
{
    public const string SectionName = "Storage";

    public bool CreateIfMissing { get; set; }
}
