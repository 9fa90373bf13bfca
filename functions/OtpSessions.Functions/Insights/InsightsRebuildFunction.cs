using OtpSessions.Core.Insights;

namespace OtpSessions.Functions.Insights;

/// <summary>
/// The rebuild command: <c>POST /api/operations/insights/rebuild</c> (function key) deletes the insights projection and
/// applies every session event the outbox still holds (docs/insights.md, "Rebuilding"). Answers how many events it applied.
/// </summary>
public sealed class InsightsRebuildFunction(InsightsRebuild rebuild)
{
    [Function("RebuildInsights")]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "operations/insights/rebuild")] HttpRequest request) =>
        new OkObjectResult(new { events = await rebuild.RunAsync(request.HttpContext.RequestAborted) });
}
