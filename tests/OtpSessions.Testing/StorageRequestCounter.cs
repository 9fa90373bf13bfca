using System.Collections.Concurrent;
using System.Net;
using System.Text.RegularExpressions;
using Azure.Core;
using Azure.Core.Pipeline;

namespace OtpSessions.Testing;

/// <summary>
/// Test and benchmark support (never in the product): an Azure SDK pipeline policy that counts storage requests by kind (<c>POST sessions/$batch</c>,
/// <c>GET tokens()</c>, <c>POST invitations/messages</c>, …). Add it per retry to <c>TableClientOptions</c> /
/// <c>QueueClientOptions</c> to count every request that goes out; <paramref name="include"/> decides per request
/// whether it counts (e.g. only those made while serving one route).
/// </summary>
public sealed partial class StorageRequestCounter(Func<bool>? include = null) : HttpPipelinePolicy
{
    private readonly ConcurrentDictionary<string, long> _counts = new(StringComparer.Ordinal);
    private long _total;

    public long Total => Interlocked.Read(ref _total);

    public IReadOnlyDictionary<string, long> Snapshot() => new SortedDictionary<string, long>(_counts, StringComparer.Ordinal);

    public void Reset()
    {
        _counts.Clear();
        Interlocked.Exchange(ref _total, 0);
    }

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        Count(message);
        ProcessNext(message, pipeline);
    }

    public override ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        Count(message);
        return ProcessNextAsync(message, pipeline);
    }

    /// <summary>
    /// Method and resource of a request, without keys or query: <c>GET sessions()</c> (a query), <c>GET sessions(key)</c> (a
    /// point read of one row), <c>POST $batch</c>; a table query whose filter names no partition is
    /// <c>GET sessions() across partitions</c> (the app's timer sweeps).
    /// </summary>
    public static string Describe(RequestMethod method, Uri uri)
    {
        ArgumentNullException.ThrowIfNull(uri);
        var segments = uri.AbsolutePath.Trim('/').Split('/', StringSplitOptions.RemoveEmptyEntries).AsEnumerable();
        // Emulators put the account name first in the path (http://127.0.0.1:10002/devstoreaccount1/...).
        if (uri.IsLoopback || IPAddress.TryParse(uri.Host, out _))
        {
            segments = segments.Skip(1);
        }
        var resource = KeyPredicate().Replace(Uri.UnescapeDataString(string.Join('/', segments)), key => key.Length > 2 ? "(key)" : "()");
        var filter = System.Web.HttpUtility.ParseQueryString(uri.Query)["$filter"];
        var acrossPartitions = method == RequestMethod.Get && filter is not null && !filter.Contains("PartitionKey eq", StringComparison.Ordinal);
        return $"{method} {resource}{(acrossPartitions ? " across partitions" : "")}";
    }

    private void Count(HttpMessage message)
    {
        if (include is not null && !include())
        {
            return;
        }
        Interlocked.Increment(ref _total);
        _counts.AddOrUpdate(Describe(message.Request.Method, message.Request.Uri.ToUri()), 1, static (_, n) => n + 1);
    }

    [GeneratedRegex(@"\(.*\)", RegexOptions.CultureInvariant)]
    private static partial Regex KeyPredicate();
}
