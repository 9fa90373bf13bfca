using OtpSessions.Core.Messaging;
using OtpSessions.Infrastructure.Acs;

namespace OtpSessions.Functions.Webhooks;

/// <summary>
/// <c>POST /api/webhooks/acs</c> (function key; in Azure also Event Grid's Entra ID token, checked by
/// <see cref="AcsWebhookAuthenticator"/>: 401 <c>unauthorized</c> without a valid one, whatever the key): Event Grid
/// deliveries from ACS. Answers the subscription validation handshake and hands SMS / Email delivery reports to
/// <see cref="IDeliveryReportSink"/>; a malformed or oversized body is a 400 problem.
/// </summary>
public sealed class AcsWebhookFunction(AcsWebhookAuthenticator eventGrid, AcsEventGridParser parser, IDeliveryReportSink sink)
{
    [Function(nameof(AcsWebhook))]
    public async Task<IActionResult> AcsWebhook(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "webhooks/acs")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        if (!await eventGrid.IsEventGridAsync(request.Authorization()))
        {
            return Problems.Unauthorized("An Event Grid delivery token is required.");
        }
        if (!request.HasJsonContentType())
        {
            return Problems.InvalidRequest("Expected an application/json body.");
        }
        if (request.ContentLength > AcsEventGridParser.MaxBodyBytes)
        {
            return Problems.InvalidRequest($"The body is larger than {AcsEventGridParser.MaxBodyBytes / 1024} KiB.");
        }
        switch (await parser.ParseAsync(request.Body, cancellationToken))
        {
            case AcsWebhookPayload.Validation validation:
                return new OkObjectResult(new Dictionary<string, string> { ["validationResponse"] = validation.ValidationCode });
            case AcsWebhookPayload.Reports reports:
                foreach (var report in reports.Items)
                {
                    await sink.ApplyAsync(report, cancellationToken);
                }
                return new OkResult();
            case AcsWebhookPayload.Invalid invalid:
                return Problems.InvalidRequest(invalid.Reason);
            default:
                throw new InvalidOperationException("Unknown webhook payload.");
        }
    }
}
