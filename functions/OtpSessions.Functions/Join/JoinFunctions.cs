using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using OtpSessions.Core.Join;
using OtpSessions.Functions.Http;

namespace OtpSessions.Functions.Join;

/// <summary>
/// The customer API (version 2): the invite token travels in <c>Authorization: Invite …</c> (the access token in
/// <c>Authorization: Bearer …</c>) and never in a route, so no request log, proxy or telemetry records it. Each function
/// makes one <see cref="JoinService"/> call and maps its outcome to HTTP; like every answer of the app, each carries
/// <c>Cache-Control: no-store</c> (<see cref="SecurityHeaders"/>: they hold personal data, codes' expiry and tokens).
/// <c>POST /api/not-me</c> is the recipient's side of the same API: a recipient reports a message it did not expect, the
/// report token in <c>Authorization: Report …</c>; 202 whether the report changed anything or not, 404
/// <c>link_invalid</c> for a token that names nothing (one <see cref="NotMeService"/> call).
/// </summary>
public sealed class JoinFunctions(JoinService join, NotMeService notMe)
{
    [Function("OpenJoinLink")]
    public async Task<IActionResult> Open(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "join")] HttpRequest request, CancellationToken cancellationToken) =>
        (await join.OpenAsync(request.Authorization(), cancellationToken)).ToResult(StatusCodes.Status200OK);

    [Function("RequestNewLink")]
    public async Task<IActionResult> NewLink(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "join/new-link")] HttpRequest request, CancellationToken cancellationToken)
    {
        // Any body is ignored: the new link only ever goes to the participant's own invite address.
        return (await join.RequestNewLinkAsync(request.Authorization(), cancellationToken)).ToEmptyResult(StatusCodes.Status202Accepted);
    }

    [Function("EnterWithoutCode")]
    public async Task<IActionResult> Enter(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "join/enter")] HttpRequest request, CancellationToken cancellationToken) =>
        (await join.EnterAsync(request.Authorization(), cancellationToken)).ToResult(StatusCodes.Status200OK);

    [Function("RequestOtp")]
    public async Task<IActionResult> RequestOtp(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "join/otp")] HttpRequest request, CancellationToken cancellationToken) =>
        (await join.RequestOtpAsync(request.Authorization(), cancellationToken)).ToResult(StatusCodes.Status200OK);

    [Function("ResendOtp")]
    public async Task<IActionResult> ResendOtp(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "join/otp/resend")] HttpRequest request, CancellationToken cancellationToken) =>
        (await join.ResendOtpAsync(request.Authorization(), cancellationToken)).ToResult(StatusCodes.Status202Accepted);

    [Function("VerifyOtp")]
    public Task<IActionResult> Verify(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "join/otp/verify")] HttpRequest request, CancellationToken cancellationToken) =>
        JsonBody.HandleAsync<VerifyInput>(request,
            async input => (await join.VerifyAsync(request.Authorization(), input, cancellationToken)).ToResult(StatusCodes.Status200OK), cancellationToken);

    [Function("Me")]
    public async Task<IActionResult> Me(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "me")] HttpRequest request, CancellationToken cancellationToken) =>
        OutcomeResults.OkOrUnauthorized(await join.MeAsync(request.Authorization(), cancellationToken));

    [Function("SignOut")]
    public async Task<IActionResult> SignOut(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "me/sign-out")] HttpRequest request, CancellationToken cancellationToken) =>
        OutcomeResults.NoContentOrUnauthorized(await join.SignOutAsync(request.Authorization(), cancellationToken));

    [Function("ReportNotMe")]
    public async Task<IActionResult> ReportNotMe(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "not-me")] HttpRequest request, CancellationToken cancellationToken) =>
        (await notMe.ReportAsync(request.Authorization(), cancellationToken)).ToEmptyResult(StatusCodes.Status202Accepted);
}
