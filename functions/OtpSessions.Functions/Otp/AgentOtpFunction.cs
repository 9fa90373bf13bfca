using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Net.Http.Headers;
using OtpSessions.Core.Auth;
using OtpSessions.Core.Join;
using OtpSessions.Functions.Http;

namespace OtpSessions.Functions.Otp;

/// <summary>
/// <c>GET /api/sessions/{sessionId}/participants/{participantId}/otp</c>: the agent reads the participant's current code
/// (<see cref="AgentOtpService"/>; audited). Every answer carries <c>Cache-Control: no-store</c>.
/// </summary>
public sealed class AgentOtpFunction(IAgentAuthenticator agents, AgentOtpService otp)
{
    [Function("ViewOtp")]
    public async Task<IActionResult> View(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "sessions/{sessionId}/participants/{participantId}/otp")] HttpRequest request,
        string sessionId, string participantId, CancellationToken cancellationToken)
    {
        if (await agents.AuthenticateAsync(request) is not { } agent)
        {
            return Problems.Unauthorized();
        }
        var result = RequestIds.CheckParticipant(sessionId, participantId)
            ?? (await otp.ViewAsync(agent, sessionId, participantId, cancellationToken)).ToResult(StatusCodes.Status200OK);
        return new OutcomeResults.WithHeaders(result, (HeaderNames.CacheControl, "no-store"));
    }
}
