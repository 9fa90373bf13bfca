using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Net.Http.Headers;
using OtpSessions.Core.Join;
using OtpSessions.Core.Sessions;
using OtpSessions.Functions.Http;

namespace OtpSessions.Functions.Join;

/// <summary>
/// The customer API (shared/API.md "Customer API"): the invite token from the link (or, for <c>/me</c>, the access
/// token) is the only credential. Each function makes one <see cref="JoinService"/> call and maps its outcome to HTTP;
/// every answer carries <c>Cache-Control: no-store</c> (they hold personal data, codes' expiry and tokens).
/// </summary>
public sealed class JoinFunctions(JoinService join)
{
    [Function("OpenJoinLink")]
    public async Task<IActionResult> Open(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "join/{inviteToken}")] HttpRequest request, string inviteToken,
        CancellationToken cancellationToken) =>
        NoStore((await join.OpenAsync(inviteToken, cancellationToken)).ToResult(StatusCodes.Status200OK));

    [Function("RequestNewLink")]
    public async Task<IActionResult> NewLink(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "join/{inviteToken}/new-link")] HttpRequest request, string inviteToken,
        CancellationToken cancellationToken)
    {
        // Any body is ignored: the new link only ever goes to the participant's own invite address.
        var outcome = await join.RequestNewLinkAsync(inviteToken, cancellationToken);
        return NoStore(outcome.Failure is { } failure ? OutcomeResults.ToProblem(failure) : new StatusCodeResult(StatusCodes.Status202Accepted));
    }

    [Function("RequestOtp")]
    public async Task<IActionResult> RequestOtp(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "join/{inviteToken}/otp")] HttpRequest request, string inviteToken,
        CancellationToken cancellationToken) =>
        NoStore((await join.RequestOtpAsync(inviteToken, cancellationToken)).ToResult(StatusCodes.Status200OK));

    [Function("ResendOtp")]
    public async Task<IActionResult> ResendOtp(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "join/{inviteToken}/otp/resend")] HttpRequest request, string inviteToken,
        CancellationToken cancellationToken) =>
        NoStore((await join.ResendOtpAsync(inviteToken, cancellationToken)).ToResult(StatusCodes.Status202Accepted));

    [Function("VerifyOtp")]
    public async Task<IActionResult> Verify(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "join/{inviteToken}/otp/verify")] HttpRequest request, string inviteToken,
        CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadAsync<VerifyInput>(request, cancellationToken);
        if (body.Problem is not null)
        {
            return NoStore(body.Problem);
        }
        var (outcome, attemptsRemaining) = await join.VerifyAsync(inviteToken, body.Value, cancellationToken);
        var result = outcome.ToResult(StatusCodes.Status200OK);
        if (attemptsRemaining is { } remaining
            && ((result as OutcomeResults.WithHeaders)?.Inner ?? result) is ObjectResult { Value: ProblemDetails problem })
        {
            problem.Extensions["attemptsRemaining"] = remaining;
        }
        return NoStore(result);
    }

    [Function("Me")]
    public async Task<IActionResult> Me(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "me")] HttpRequest request, CancellationToken cancellationToken) =>
        NoStore(await join.MeAsync(request.Headers.Authorization.FirstOrDefault(), cancellationToken) is { } me
            ? new ObjectResult(me) { StatusCode = StatusCodes.Status200OK }
            : Problems.Unauthorized());

    private static OutcomeResults.WithHeaders NoStore(IActionResult result) => new(result, (HeaderNames.CacheControl, "no-store"));
}
