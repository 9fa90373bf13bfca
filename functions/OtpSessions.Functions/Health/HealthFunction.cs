using OtpSessions.Core.Health;

namespace OtpSessions.Functions.Health;

public sealed class HealthFunction(HealthService health)
{
    [Function("Health")]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "health")] HttpRequest request)
    {
        var report = await health.CheckAsync(request.HttpContext.RequestAborted);
        return new ObjectResult(report.ToBody())
        {
            StatusCode = report.IsHealthy ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable,
        };
    }
}
