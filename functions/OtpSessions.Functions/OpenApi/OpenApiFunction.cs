namespace OtpSessions.Functions.OpenApi;

/// <summary>Serves the OpenAPI 3 document of the whole API (<c>OpenApi/openapi.json</c>, embedded in this assembly).</summary>
public sealed class OpenApiFunction
{
    public const string ResourceName = "OtpSessions.Functions.OpenApi.openapi.json";

    private static readonly Lazy<string> Document = new(Load);

    [Function("OpenApiDocument")]
    public IActionResult Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "openapi.json")] HttpRequest request) =>
        new ContentResult { Content = Document.Value, ContentType = "application/json", StatusCode = StatusCodes.Status200OK };

    /// <summary>The document's text.</summary>
    public static string Load()
    {
        using var stream = typeof(OpenApiFunction).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"Embedded resource {ResourceName} is missing.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
