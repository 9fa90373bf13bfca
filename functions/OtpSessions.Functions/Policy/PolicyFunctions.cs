using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using OtpSessions.Core.Auth;
using OtpSessions.Core.Policy;
using OtpSessions.Functions.Http;

namespace OtpSessions.Functions.Policy;

/// <summary>
/// <c>GET /api/policy</c> (the calling agent's effective OTP policy) and, for role <c>admin</c>,
/// <c>GET</c>/<c>PUT /api/admin/teams/{team}/policy</c> (a team's overrides). One <see cref="PolicyService"/> call each.
/// </summary>
public sealed class PolicyFunctions(IAgentAuthenticator agents, PolicyService policies)
{
    /// <summary>
    /// The Functions host refuses function routes that begin with <c>admin</c> — its own management API lives at
    /// <c>/admin</c> — even under the <c>api</c> prefix. A first segment constrained to the literal <c>admin</c> keeps the
    /// public path <c>/api/admin/teams/{team}/policy</c> while passing that check.
    /// </summary>
    public const string TeamPolicyRoute = "{area:regex(^admin$)}/teams/{team}/policy";

    [Function("GetPolicy")]
    public async Task<IActionResult> Get(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "policy")] HttpRequest request, CancellationToken cancellationToken)
    {
        if (await agents.AuthenticateAsync(request) is not { } agent)
        {
            return Problems.Unauthorized();
        }
        return new OkObjectResult(await policies.GetEffectiveAsync(agent, cancellationToken));
    }

    [Function("GetTeamPolicy")]
    public async Task<IActionResult> GetTeam(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = TeamPolicyRoute)] HttpRequest request, string team,
        CancellationToken cancellationToken)
    {
        if (await agents.AuthenticateAsync(request) is not { } agent)
        {
            return Problems.Unauthorized();
        }
        return (await policies.GetOverridesAsync(agent, team, cancellationToken)).ToResult(StatusCodes.Status200OK);
    }

    [Function("SetTeamPolicy")]
    public async Task<IActionResult> SetTeam(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = TeamPolicyRoute)] HttpRequest request, string team,
        CancellationToken cancellationToken)
    {
        if (await agents.AuthenticateAsync(request) is not { } agent)
        {
            return Problems.Unauthorized();
        }
        var body = await JsonBody.ReadAsync<JsonDocument>(request, cancellationToken);
        if (body.Problem is not null)
        {
            return body.Problem;
        }
        using var document = body.Value!;
        return (await policies.UpdateAsync(agent, team, document.RootElement, cancellationToken)).ToResult(StatusCodes.Status200OK);
    }
}
