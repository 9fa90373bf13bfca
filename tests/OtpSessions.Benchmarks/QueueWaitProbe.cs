using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.RegularExpressions;
using Azure.Core;
using Azure.Core.Pipeline;

namespace OtpSessions.Benchmarks;

/// <summary>
/// How long the app's messages wait on one queue: from the answer to their enqueue to the first receive that returns them,
/// matched by message id. An Azure SDK pipeline policy on the app's queue client, so both times are this process's clock
/// and nothing in the app changes.
/// </summary>
internal sealed partial class QueueWaitProbe(string queue) : HttpPipelinePolicy
{
    private readonly string _path = $"/{queue}/messages";
    private readonly ConcurrentDictionary<string, long> _enqueued = new(StringComparer.Ordinal);
    private readonly ConcurrentBag<double> _waits = [];

    /// <summary>Milliseconds each message waited, since the last <see cref="Reset"/>.</summary>
    public IReadOnlyCollection<double> Waits => _waits;

    public void Reset()
    {
        _enqueued.Clear();
        _waits.Clear();
    }

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        ProcessNext(message, pipeline);
        Observe(message);
    }

    public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        await ProcessNextAsync(message, pipeline);
        Observe(message);
    }

    private void Observe(HttpMessage message)
    {
        var now = Stopwatch.GetTimestamp();
        if (!message.HasResponse || message.Response.IsError || !message.Request.Uri.Path.EndsWith(_path, StringComparison.Ordinal))
        {
            return;
        }
        foreach (Match id in MessageId().Matches(message.Response.Content.ToString()))
        {
            if (message.Request.Method == RequestMethod.Post)
            {
                _enqueued.TryAdd(id.Groups[1].Value, now);
            }
            else if (message.Request.Method == RequestMethod.Get && _enqueued.TryRemove(id.Groups[1].Value, out var at))
            {
                _waits.Add(Stopwatch.GetElapsedTime(at, now).TotalMilliseconds);
            }
        }
    }

    [GeneratedRegex("<MessageId>([^<]+)</MessageId>", RegexOptions.CultureInvariant)]
    private static partial Regex MessageId();
}
