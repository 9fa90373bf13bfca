using Microsoft.Extensions.Hosting;
using OtpSessions.Core.Events;

namespace OtpSessions.Functions.Events;

/// <summary>
/// Development only: <c>GET /api/dev/outbox[?sessionId=…]</c> lists the pending integration events (type, id, time,
/// sessionId, attempts, stuck — never their data). Served while publishing is off or in the Development environment;
/// otherwise 404. Needs a function key.
/// </summary>
public sealed class DevOutboxFunction(OutboxInspector inspector, IHostEnvironment environment)
{
    [Function("DevOutbox")]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "dev/outbox")] HttpRequest request)
    {
        var sessionId = request.Query.TryGetValue("sessionId", out var value) ? value.ToString() : null;
        var result = await inspector.ListAsync(environment.IsDevelopment(), sessionId, request.HttpContext.RequestAborted);
        return result switch
        {
            OutboxListResult.Listed listed => new OkObjectResult(listed.Listing),
            OutboxListResult.InvalidSessionId => Problems.InvalidRequest("sessionId is not a valid session id.",
                new Dictionary<string, string[]> { ["sessionId"] = ["Not a valid session id."] }),
            _ => Problems.Create(StatusCodes.Status404NotFound, "not_found", "Not found."),
        };
    }
}
