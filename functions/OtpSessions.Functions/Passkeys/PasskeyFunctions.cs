using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using OtpSessions.Core.Join;
using OtpSessions.Functions.Http;

namespace OtpSessions.Functions.Passkeys;

/// <summary>
/// Passkeys for returning participants: saving, listing and deleting one with the access token
/// (<c>Authorization: Bearer …</c>), and entering with one through the invite link (<c>Authorization: Invite …</c>). Bodies
/// are WebAuthn Level 3's JSON forms, passed on as they are; each function makes one <see cref="PasskeyService"/> call.
/// </summary>
public sealed class PasskeyFunctions(PasskeyService passkeys)
{
    [Function("PasskeyRegistrationOptions")]
    public async Task<IActionResult> RegistrationOptions(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "me/passkeys/options")] HttpRequest request, CancellationToken cancellationToken) =>
        (await passkeys.RegistrationOptionsAsync(request.Authorization(), cancellationToken)).ToResultOrUnauthorized(StatusCodes.Status200OK);

    [Function("RegisterPasskey")]
    public Task<IActionResult> Register(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "me/passkeys")] HttpRequest request, CancellationToken cancellationToken) =>
        JsonBody.HandleElementAsync(request,
            async credential => (await passkeys.RegisterAsync(request.Authorization(), credential, cancellationToken)).ToResultOrUnauthorized(StatusCodes.Status201Created),
            cancellationToken);

    [Function("ListPasskeys")]
    public async Task<IActionResult> List(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "me/passkeys")] HttpRequest request, CancellationToken cancellationToken) =>
        OutcomeResults.OkOrUnauthorized(await passkeys.ListAsync(request.Authorization(), cancellationToken));

    [Function("DeletePasskey")]
    public async Task<IActionResult> Delete(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "me/passkeys/{passkeyId}")] HttpRequest request, string passkeyId,
        CancellationToken cancellationToken) =>
        OutcomeResults.NoContentOrUnauthorized(await passkeys.DeleteAsync(request.Authorization(), passkeyId, cancellationToken));

    [Function("PasskeyEntryOptions")]
    public async Task<IActionResult> EntryOptions(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "join/passkey/options")] HttpRequest request, CancellationToken cancellationToken) =>
        (await passkeys.AuthenticationOptionsAsync(request.Authorization(), cancellationToken)).ToResult(StatusCodes.Status200OK);

    [Function("VerifyPasskey")]
    public Task<IActionResult> Verify(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "join/passkey/verify")] HttpRequest request, CancellationToken cancellationToken) =>
        JsonBody.HandleElementAsync(request,
            async assertion => (await passkeys.VerifyAsync(request.Authorization(), assertion, cancellationToken)).ToResult(StatusCodes.Status200OK),
            cancellationToken);
}
