using System.Collections.Concurrent;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Azure.Storage.Queues;
using Microsoft.Azure.Functions.Worker;

namespace OtpSessions.LocalHost.Tests;

/// <summary>What the test functions saw; one per host (a DI singleton).</summary>
public sealed class Recorder
{
    public ConcurrentQueue<string> Work { get; } = new();
    public ConcurrentQueue<long> DoomedAttempts { get; } = new();
    public ConcurrentQueue<TimerInfo> Ticks { get; } = new();

    /// <summary>Holds the message "slow" of <see cref="TestFunctions.Slow"/> until the test lets it go.</summary>
    public TaskCompletionSource ReleaseSlow { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}

public sealed record WorkItem(string Id, int Amount);

/// <summary>Functions served from a hand-written functions.metadata (see <see cref="TestApp"/>).</summary>
public sealed class TestFunctions(Recorder recorder, QueueServiceClient queues)
{
    public IActionResult Echo(HttpRequest request, string name) =>
        new OkObjectResult(new { name, method = request.Method, query = request.Query["q"].ToString() });

    public IActionResult Secret(HttpRequest request) => new OkObjectResult(new { secret = "ok" });

    public IActionResult Page(HttpRequest request, int number) => new OkObjectResult(new { number });

    public Task<IActionResult> Explode(HttpRequest request) => throw new InvalidOperationException("sensitive internal detail 4242");

    public Task Work(WorkItem item, CancellationToken cancellationToken)
    {
        recorder.Work.Enqueue($"{item.Id}:{item.Amount}");
        return Task.CompletedTask;
    }

    public void Doomed(string message, long dequeueCount)
    {
        recorder.DoomedAttempts.Enqueue(dequeueCount);
        throw new InvalidOperationException("always fails");
    }

    /// <summary>The first message fails after its queue was emptied, so that settling it (a retry later) finds no message.</summary>
    public async Task Vanishing(string message, CancellationToken cancellationToken)
    {
        if (message == "first")
        {
            // Recorded only once the queue is empty, so that a message the test sends next is not cleared with it.
            await queues.GetQueueClient("vanishing").ClearMessagesAsync(cancellationToken);
            recorder.Work.Enqueue("vanishing:" + message);
            throw new InvalidOperationException("fails after its message was removed");
        }
        recorder.Work.Enqueue("vanishing:" + message);
    }

    /// <summary>The message "slow" runs until the test releases it; any other message is recorded at once.</summary>
    public async Task Slow(string message, CancellationToken cancellationToken)
    {
        recorder.Work.Enqueue("slow-queue:" + message);
        if (message == "slow")
        {
            await recorder.ReleaseSlow.Task.WaitAsync(cancellationToken);
        }
    }

    public void Tick(TimerInfo timer) => recorder.Ticks.Enqueue(timer);

    public void TakesContext(FunctionContext context)
    {
    }
}
