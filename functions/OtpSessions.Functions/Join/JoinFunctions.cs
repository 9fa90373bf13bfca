using OtpSessions.Core.Join;

namespace OtpSessions.Functions.Join;

/// <summary>
/// The customer API (version 2), the HTTP side of Core's Join module: joining (<see cref="JoinService"/>), passkeys for
/// returning participants (<see cref="PasskeyService"/>; bodies are WebAuthn Level 3's JSON forms, passed on as they are)
/// and the "not me" report (<see cref="NotMeService"/>: 202 whether it changed anything or not, 404 <c>link_invalid</c> for
/// a token that names nothing). Tokens travel in the <c>Authorization</c> header — <c>Invite …</c>, <c>Bearer …</c> (the
/// access token), <c>Report …</c> — and never in a route, so no request log, proxy or telemetry records them. Each
/// function makes one service call and maps its outcome to HTTP; like every answer of the app, each carries
/// <c>Cache-Control: no-store</c> (<see cref="SecurityHeaders"/>: they hold personal data, codes' expiry and tokens).
/// </summary>
public sealed class JoinFunctions(JoinService join, NotMeService notMe, PasskeyService passkeys)
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

    [Function("PasskeyRegistrationOptions")]
    public async Task<IActionResult> PasskeyRegistrationOptions(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "me/passkeys/options")] HttpRequest request, CancellationToken cancellationToken) =>
        (await passkeys.RegistrationOptionsAsync(request.Authorization(), cancellationToken)).ToResultOrUnauthorized(StatusCodes.Status200OK);

    [Function("RegisterPasskey")]
    public Task<IActionResult> RegisterPasskey(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "me/passkeys")] HttpRequest request, CancellationToken cancellationToken) =>
        JsonBody.HandleElementAsync(request,
            async credential => (await passkeys.RegisterAsync(request.Authorization(), credential, cancellationToken))
                .ToResultOrUnauthorized(StatusCodes.Status201Created),
            cancellationToken);

    [Function("ListPasskeys")]
    public async Task<IActionResult> ListPasskeys(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "me/passkeys")] HttpRequest request, CancellationToken cancellationToken) =>
        OutcomeResults.OkOrUnauthorized(await passkeys.ListAsync(request.Authorization(), cancellationToken));

    [Function("DeletePasskey")]
    public async Task<IActionResult> DeletePasskey(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "me/passkeys/{passkeyId}")] HttpRequest request, string passkeyId,
        CancellationToken cancellationToken) =>
        OutcomeResults.NoContentOrUnauthorized(await passkeys.DeleteAsync(request.Authorization(), passkeyId, cancellationToken));

    [Function("PasskeyEntryOptions")]
    public async Task<IActionResult> PasskeyEntryOptions(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "join/passkey/options")] HttpRequest request, CancellationToken cancellationToken) =>
        (await passkeys.AuthenticationOptionsAsync(request.Authorization(), cancellationToken)).ToResult(StatusCodes.Status200OK);

    [Function("VerifyPasskey")]
    public Task<IActionResult> VerifyPasskey(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "join/passkey/verify")] HttpRequest request, CancellationToken cancellationToken) =>
        JsonBody.HandleElementAsync(request,
            async assertion => (await passkeys.VerifyAsync(request.Authorization(), assertion, cancellationToken)).ToResult(StatusCodes.Status200OK),
            cancellationToken);
}
