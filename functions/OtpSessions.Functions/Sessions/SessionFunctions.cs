using OtpSessions.Core.Agents;
using OtpSessions.Core.Join;

namespace OtpSessions.Functions.Sessions;

/// <summary>
/// The agent API of sessions and their participants (<c>/api/sessions…</c>): each function is an
/// <see cref="AgentApiAttribute"/> function (the HTTP pipeline authenticates the agent, 401), checks ids and body (400),
/// makes one <see cref="SessionService"/> call — or, to read a participant's current code, one audited
/// <see cref="AgentOtpService"/> call — and maps its outcome to HTTP.
/// </summary>
public sealed class SessionFunctions(SessionService sessions, AgentOtpService otp)
{
    [Function("StartSession")]
    [AgentApi]
    public async Task<IActionResult> Start(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "sessions")] HttpRequest request, CancellationToken cancellationToken)
    {
        var agent = request.Agent();
        var (key, badKey) = RequestIds.IdempotencyKey(request);
        return badKey ?? await JsonBody.HandleAsync<StartSessionInput>(request, async input =>
            (await sessions.StartAsync(agent, input, key, cancellationToken)).ToResult(StatusCodes.Status201Created, view => SessionLocation(view.SessionId)),
            cancellationToken);
    }

    [Function("ListSessions")]
    [AgentApi]
    public async Task<IActionResult> List(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "sessions")] HttpRequest request, CancellationToken cancellationToken)
    {
        var agent = request.Agent();
        var query = SessionListQuery.Read(request.Query);
        if (query.Problem is not null)
        {
            return query.Problem;
        }
        return (await sessions.ListAsync(agent, query.Status, query.Reference, query.Limit, query.ContinuationToken, cancellationToken))
            .ToResult(StatusCodes.Status200OK);
    }

    /// <summary>The view with an <c>ETag</c> (a hash of its content); 304 without a body when <c>If-None-Match</c> names it.</summary>
    [Function("GetSession")]
    [AgentApi]
    public async Task<IActionResult> Get(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "sessions/{sessionId}")] HttpRequest request, string sessionId,
        CancellationToken cancellationToken)
    {
        var agent = request.Agent();
        if (RequestIds.CheckSession(sessionId) is { } badId)
        {
            return badId;
        }
        var outcome = await sessions.GetAsync(agent, sessionId, cancellationToken);
        return outcome.Value is { } view ? EntityTags.OkOrNotModified(request, view) : outcome.ToResult(StatusCodes.Status200OK);
    }

    [Function("AddParticipant")]
    [AgentApi]
    public async Task<IActionResult> AddParticipant(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "sessions/{sessionId}/participants")] HttpRequest request, string sessionId,
        CancellationToken cancellationToken)
    {
        var agent = request.Agent();
        return RequestIds.CheckSession(sessionId) ?? await JsonBody.HandleAsync<ParticipantInput>(request, async input =>
            (await sessions.AddParticipantAsync(agent, sessionId, input, cancellationToken))
                .ToResult(StatusCodes.Status201Created, _ => SessionLocation(sessionId)),
            cancellationToken);
    }

    [Function("ReassignParticipant")]
    [AgentApi]
    public async Task<IActionResult> Reassign(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "sessions/{sessionId}/participants/{participantId}/reassign")] HttpRequest request,
        string sessionId, string participantId, CancellationToken cancellationToken)
    {
        var agent = request.Agent();
        return RequestIds.CheckParticipant(sessionId, participantId) ?? await JsonBody.HandleAsync<ReplacementInput>(request, async replacement =>
            (await sessions.ReassignAsync(agent, sessionId, participantId, replacement, cancellationToken))
                .ToResult(StatusCodes.Status201Created, _ => SessionLocation(sessionId)),
            cancellationToken);
    }

    [Function("ResendInvitation")]
    [AgentApi]
    public async Task<IActionResult> ResendInvitation(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "sessions/{sessionId}/participants/{participantId}/invitation")] HttpRequest request,
        string sessionId, string participantId, CancellationToken cancellationToken)
    {
        var agent = request.Agent();
        return RequestIds.CheckParticipant(sessionId, participantId)
            ?? (await sessions.ResendInvitationAsync(agent, sessionId, participantId, cancellationToken)).ToResult(StatusCodes.Status202Accepted);
    }

    [Function("SignOutParticipant")]
    [AgentApi]
    public async Task<IActionResult> SignOutParticipant(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "sessions/{sessionId}/participants/{participantId}/sign-out")] HttpRequest request,
        string sessionId, string participantId, CancellationToken cancellationToken)
    {
        var agent = request.Agent();
        return RequestIds.CheckParticipant(sessionId, participantId)
            ?? (await sessions.SignOutParticipantAsync(agent, sessionId, participantId, cancellationToken)).ToResult(StatusCodes.Status200OK);
    }

    [Function("CloseSession")]
    [AgentApi]
    public async Task<IActionResult> Close(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "sessions/{sessionId}/close")] HttpRequest request, string sessionId,
        CancellationToken cancellationToken)
    {
        var agent = request.Agent();
        return RequestIds.CheckSession(sessionId)
            ?? (await sessions.CloseAsync(agent, sessionId, cancellationToken)).ToResult(StatusCodes.Status200OK);
    }

    [Function("ViewOtp")]
    [AgentApi]
    public async Task<IActionResult> ViewOtp(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "sessions/{sessionId}/participants/{participantId}/otp")] HttpRequest request,
        string sessionId, string participantId, CancellationToken cancellationToken)
    {
        var agent = request.Agent();
        return RequestIds.CheckParticipant(sessionId, participantId)
            ?? (await otp.ViewAsync(agent, sessionId, participantId, cancellationToken)).ToResult(StatusCodes.Status200OK);
    }

    private static string SessionLocation(string sessionId) => $"/api/sessions/{sessionId}";
}
