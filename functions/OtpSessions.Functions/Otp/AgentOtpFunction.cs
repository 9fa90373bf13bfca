using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using OtpSessions.Core.Join;
using OtpSessions.Functions.Http;

namespace OtpSessions.Functions.Otp;

/// <summary>
/// <c>GET /api/sessions/{sessionId}/participants/{participantId}/otp</c>: the agent reads the participant's current code
/// (<see cref="AgentOtpService"/>; audited). Like every answer, it carries <c>Cache-Control: no-store</c> (<see cref="SecurityHeaders"/>).
/// </summary>
public sealed class AgentOtpFunction(AgentOtpService otp)
{
    [Function("ViewOtp")]
    [AgentApi]
    public async Task<IActionResult> View(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "sessions/{sessionId}/participants/{participantId}/otp")] HttpRequest request,
        string sessionId, string participantId, CancellationToken cancellationToken)
    {
        var agent = request.Agent();
        return RequestIds.CheckParticipant(sessionId, participantId)
            ?? (await otp.ViewAsync(agent, sessionId, participantId, cancellationToken)).ToResult(StatusCodes.Status200OK);
    }
}
