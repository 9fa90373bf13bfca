using Azure.Messaging.ServiceBus;

namespace OtpSessions.Infrastructure.Events;

/// <summary>
/// Where integration events are published (section <c>ServiceBus</c>). Locally <c>ServiceBus__ConnectionString</c>;
/// in Azure <c>ServiceBus__FullyQualifiedNamespace</c> with managed identity (<c>ServiceBus__ClientId</c> names a
/// user-assigned identity; without it <c>DefaultAzureCredential</c> is used). Neither set: publishing is off.
/// </summary>
public sealed class ServiceBusOptions
{
    public const string SectionName = "ServiceBus";

    public string? ConnectionString { get; set; }

    public string? FullyQualifiedNamespace { get; set; }

    /// <summary><c>managedidentity</c> in Azure; with <see cref="ClientId"/> it names the identity (read by <c>AzureCredentials</c>).</summary>
    public string? Credential { get; set; }

    public string? ClientId { get; set; }

    public bool IsConfigured => !string.IsNullOrWhiteSpace(ConnectionString) || !string.IsNullOrWhiteSpace(FullyQualifiedNamespace);

    /// <summary>Every problem with the settings, each naming its setting; empty when they are usable.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (!string.IsNullOrWhiteSpace(ConnectionString) && !IsConnectionString(ConnectionString))
        {
            problems.Add("ServiceBus__ConnectionString is not a Service Bus connection string (Endpoint=sb://…;SharedAccessKeyName=…;SharedAccessKey=…).");
        }
        if (!string.IsNullOrWhiteSpace(FullyQualifiedNamespace) && Uri.CheckHostName(FullyQualifiedNamespace) != UriHostNameType.Dns)
        {
            problems.Add("ServiceBus__FullyQualifiedNamespace must be a host name such as contoso.servicebus.windows.net.");
        }
        if (!string.IsNullOrWhiteSpace(ClientId) && !Guid.TryParse(ClientId, out _))
        {
            problems.Add("ServiceBus__ClientId must be the client id (a GUID) of a user-assigned managed identity.");
        }
        return problems;
    }

    private static bool IsConnectionString(string value)
    {
        try
        {
            return ServiceBusConnectionStringProperties.Parse(value).Endpoint is not null;
        }
        catch (FormatException)
        {
            return false;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
