using Microsoft.Net.Http.Headers;
using OtpSessions.Core.Agents;
using OtpSessions.Core.Policy;

namespace OtpSessions.Functions.Policy;

/// <summary>
/// <c>GET /api/policy</c> (the calling agent's effective OTP policy) and, for role <c>admin</c>,
/// <c>GET</c>/<c>PUT /api/admin/teams/{team}/policy</c> (a team's overrides, versioned by an <c>ETag</c> over them: a
/// <c>PUT</c> with <c>If-Match</c> of an earlier version is 412, so two administrators cannot overwrite each other). <see cref="AgentApiAttribute"/> functions:
/// the HTTP pipeline authenticates the agent (401); one <see cref="PolicyService"/> call each. A change that weakens the policy of a
/// team that needs two administrators for it is 202 with the pending change; <c>…/policy/changes</c> lists those, and another
/// administrator approves or rejects one.
/// </summary>
public sealed class PolicyFunctions(PolicyService policies)
{
    /// <summary>
    /// The Functions host refuses function routes that begin with <c>admin</c> — its own management API lives at
    /// <c>/admin</c> — even under the <c>api</c> prefix. A first segment constrained to the literal <c>admin</c> keeps the
    /// public path <c>/api/admin/teams/{team}/policy</c> while passing that check.
    /// </summary>
    public const string TeamPolicyRoute = "{area:regex(^admin$)}/teams/{team}/policy";

    [Function("GetPolicy")]
    [AgentApi]
    public async Task<IActionResult> Get(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "policy")] HttpRequest request, CancellationToken cancellationToken) =>
        new OkObjectResult(await policies.GetEffectiveAsync(request.Agent(), cancellationToken));

    [Function("GetTeamPolicy")]
    [AgentApi]
    public async Task<IActionResult> GetTeam(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = TeamPolicyRoute)] HttpRequest request, string team,
        CancellationToken cancellationToken) =>
        (await policies.GetOverridesAsync(request.Agent(), team, cancellationToken)).Map(overrides => EntityTags.OkOrNotModified(request, overrides));

    [Function("SetTeamPolicy")]
    [AgentApi]
    public Task<IActionResult> SetTeam(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = TeamPolicyRoute)] HttpRequest request, string team,
        CancellationToken cancellationToken) =>
        JsonBody.HandleElementAsync(request, async overrides =>
            (await policies.UpdateAsync(request.Agent(), team, overrides, EntityTags.IfMatch<IReadOnlyDictionary<string, object>>(request),
                cancellationToken)).Map(change => change.Pending is { } pending
                    ? new ObjectResult(pending) { StatusCode = StatusCodes.Status202Accepted }
                    : Applied(change)),
            cancellationToken);

    [Function("ListTeamPolicyChanges")]
    [AgentApi]
    public async Task<IActionResult> ListChanges(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = TeamPolicyRoute + "/changes")] HttpRequest request, string team,
        CancellationToken cancellationToken) =>
        (await policies.ListChangesAsync(request.Agent(), team, cancellationToken)).ToResult(StatusCodes.Status200OK);

    [Function("ApproveTeamPolicyChange")]
    [AgentApi]
    public async Task<IActionResult> Approve(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = TeamPolicyRoute + "/changes/{changeId}/approve")] HttpRequest request, string team,
        string changeId, CancellationToken cancellationToken) =>
        (await policies.ApproveAsync(request.Agent(), team, changeId, cancellationToken)).Map(Applied);

    [Function("RejectTeamPolicyChange")]
    [AgentApi]
    public async Task<IActionResult> Reject(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = TeamPolicyRoute + "/changes/{changeId}/reject")] HttpRequest request, string team,
        string changeId, CancellationToken cancellationToken) =>
        (await policies.RejectAsync(request.Agent(), team, changeId, cancellationToken)).ToResult(StatusCodes.Status200OK);

    /// <summary>200 with the team's new effective policy and the <c>ETag</c> of its overrides.</summary>
    private static OutcomeResults.WithHeaders Applied(TeamPolicy policy) =>
        new(new OkObjectResult(policy.Effective), (HeaderNames.ETag, EntityTags.Of(policy.Overrides)));
}
