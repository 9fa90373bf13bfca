using OtpSessions.Core.Evidence;

namespace OtpSessions.Functions.Evidence;

/// <summary>
/// <c>GET /api/sessions/{sessionId}/evidence</c>: the session's signed authentication record (<see cref="EvidenceService"/>),
/// <c>application/jose</c> (compact JWS), or with <c>Accept: application/pdf</c> its PDF certificate.
/// <c>GET /api/evidence/keys</c> (anonymous): the JWKS that verifies them.
/// </summary>
public sealed class EvidenceFunctions(EvidenceService evidence, IEvidenceCertificate certificate)
{
    public const string JoseMediaType = "application/jose";
    public const string PdfMediaType = "application/pdf";

    [Function("GetEvidence")]
    [AgentApi]
    public async Task<IActionResult> Get(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "sessions/{sessionId}/evidence")] HttpRequest request,
        string sessionId, CancellationToken cancellationToken)
    {
        if (RequestIds.CheckSession(sessionId) is { } invalid)
        {
            return invalid;
        }
        return (await evidence.GetAsync(request.Agent(), sessionId, cancellationToken)).Map(signed => WantsPdf(request)
            ? new FileContentResult(certificate.Render(signed), PdfMediaType) { FileDownloadName = $"evidence-{sessionId}.pdf" }
            : new ContentResult { Content = signed.Jws, ContentType = JoseMediaType, StatusCode = StatusCodes.Status200OK });
    }

    [Function("GetEvidenceKeys")]
    public async Task<IActionResult> Keys(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "evidence/keys")] HttpRequest request, CancellationToken cancellationToken) =>
        new OkObjectResult(await evidence.KeysAsync(cancellationToken));

    /// <summary>Whether the <c>Accept</c> header asks for the PDF (and prefers it to the JWS).</summary>
    private static bool WantsPdf(HttpRequest request)
    {
        var accepted = request.GetTypedHeaders().Accept;
        var pdf = accepted.Where(a => a.MediaType.Equals(PdfMediaType, StringComparison.OrdinalIgnoreCase)).Select(a => a.Quality ?? 1).DefaultIfEmpty(0).Max();
        var jose = accepted.Where(a => a.MediaType.Equals(JoseMediaType, StringComparison.OrdinalIgnoreCase)).Select(a => a.Quality ?? 1).DefaultIfEmpty(0).Max();
        return pdf > 0 && pdf >= jose;
    }
}
