using OtpSessions.Core.Insights;

namespace OtpSessions.Functions.Insights;

/// <summary>
/// <c>GET /api/insights?from=YYYY-MM-DD&amp;to=YYYY-MM-DD</c>: the calling agent's figures (its own sessions), or a
/// supervisor's or administrator's team's, from the insights projection. One <see cref="InsightsService"/> call; a bad
/// range is 400 <c>invalid_date_range</c>.
/// </summary>
public sealed class InsightsFunction(InsightsService insights)
{
    [Function("GetInsights")]
    [AgentApi]
    public async Task<IActionResult> Get(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "insights")] HttpRequest request, CancellationToken cancellationToken)
    {
        var agent = request.Agent();
        return (await insights.GetAsync(agent, One(request.Query, "from"), One(request.Query, "to"), cancellationToken))
            .ToResult(StatusCodes.Status200OK);
    }

    /// <summary>The parameter's value; a repeated parameter reads as an empty (invalid) value.</summary>
    private static string? One(IQueryCollection query, string name) =>
        query[name] switch
        {
            { Count: 0 } => null,
            { Count: 1 } values => values[0],
            _ => string.Empty,
        };
}
