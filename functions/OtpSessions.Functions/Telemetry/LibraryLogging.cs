namespace OtpSessions.Functions.Telemetry;

/// <summary>
/// Log categories of the libraries the app uses that log every request at Information, held at Warning and above:
/// the Azure SDK (its event sources, forwarded to <c>ILogger</c> by <c>AddAzureClients</c>: <c>Azure-Core</c> becomes
/// <c>Azure.Core</c>; at Information it writes every storage request and response with their headers, two a second per
/// idle queue listener), HttpClient's request logging and the resilience pipeline's attempts (Polly) around the ACS
/// client. host.json names the same categories for the Functions host (and for the local host, which applies its
/// <c>logging.logLevel</c>); the worker keeps its own logging configuration, so Program.cs applies them there too.
/// </summary>
public static class LibraryLogging
{
    public const LogLevel MinimumLevel = LogLevel.Warning;

    /// <summary>The Azure SDK's categories.</summary>
    public static readonly IReadOnlyList<string> AzureSdkCategories =
        ["Azure.Core", "Azure.Identity", "Azure.Storage", "Azure.Data.Tables", "Azure.Messaging", "Azure.Monitor"];

    /// <summary>Every category held at <see cref="MinimumLevel"/>.</summary>
    public static readonly IReadOnlyList<string> Categories = [.. AzureSdkCategories, "System.Net.Http.HttpClient", "Polly"];

    /// <summary>Each of <see cref="Categories"/> at <see cref="MinimumLevel"/> and above.</summary>
    public static ILoggingBuilder AddLibraryLogFilters(this ILoggingBuilder logging)
    {
        foreach (var category in Categories)
        {
            logging.AddFilter(category, MinimumLevel);
        }
        return logging;
    }
}
