using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using OtpSessions.Core.Join;
using OtpSessions.Functions.Http;

namespace OtpSessions.Functions.Join;

/// <summary>
/// <c>POST /api/not-me</c>: a recipient reports a message it did not expect. The report token travels in
/// <c>Authorization: Report …</c> (never in a URL); 202 whether the report changed anything or not, 404 <c>link_invalid</c>
/// for a token that names nothing. One <see cref="NotMeService"/> call.
/// </summary>
public sealed class NotMeFunction(NotMeService notMe)
{
    [Function("ReportNotMe")]
    public async Task<IActionResult> Report(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "not-me")] HttpRequest request, CancellationToken cancellationToken) =>
        (await notMe.ReportAsync(request.Authorization(), cancellationToken)).ToEmptyResult(StatusCodes.Status202Accepted);
}
