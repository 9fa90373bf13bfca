using Microsoft.Azure.Functions.Worker;

namespace OtpSessions.LocalHost.Hosting;

/// <summary>What one invocation can bind from: the HTTP request, a queue message or a timer tick.</summary>
public sealed record InvocationInput(IServiceProvider Services, CancellationToken CancellationToken)
{
    public HttpContext? Http { get; init; }
    public BinaryData? QueueMessage { get; init; }
    public string? QueueMessageId { get; init; }
    public long DequeueCount { get; init; }
    public TimerInfo? Timer { get; init; }
}
