using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using OtpSessions.Functions.OpenApi;
using Xunit;

namespace OtpSessions.EndToEnd.Tests;

/// <summary>
/// The OpenAPI document and functions.metadata stay in step: every HTTP function is documented (operationId = function
/// name, same path and method), and every documented operation is served — except those marked <c>x-planned</c>,
/// which must not be served yet (implementing one means removing its marker).
/// </summary>
[Collection(AppCollection.Name)]
public sealed class OpenApiDocumentTests(AppFixture app)
{
    private static readonly string[] Methods = ["get", "put", "post", "delete", "patch", "head", "options"];

    private static List<(string Name, string Path, string Method)> HttpFunctions()
    {
        var metadata = JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "functions.metadata")))!.AsArray();
        return [.. metadata.SelectMany(f =>
        {
            var trigger = f!["bindings"]!.AsArray().FirstOrDefault(b => (string?)b!["type"] == "httpTrigger");
            return trigger is null
                ? []
                : trigger["methods"]!.AsArray().Select(m => ((string)f["name"]!, PublicPath((string)trigger["route"]!), ((string)m!).ToLowerInvariant()));
        })];
    }

    /// <summary>The path a route serves: a segment constrained to one literal (<c>{area:regex(^admin$)}</c>) is that literal.</summary>
    private static string PublicPath(string route) => "/" + Regex.Replace(route, @"\{[a-z]+:regex\(\^([a-z]+)\$\)\}", "$1");

    private static List<(string OperationId, string Path, string Method, bool Planned)> Operations(JsonNode document) =>
        [.. document["paths"]!.AsObject().SelectMany(path => path.Value!.AsObject()
            .Where(op => Methods.Contains(op.Key))
            .Select(op => ((string)op.Value!["operationId"]!, path.Key, op.Key, (bool?)op.Value["x-planned"] ?? false)))];

    [Fact]
    public void Every_http_function_is_documented_and_every_served_operation_exists()
    {
        var document = JsonNode.Parse(OpenApiFunction.Load())!;
        var functions = HttpFunctions();
        var operations = Operations(document);

        foreach (var function in functions)
        {
            var documented = operations.Where(o => o.OperationId == function.Name).ToList();
            Assert.True(documented.Count == 1, $"function {function.Name} ({function.Method} {function.Path}) is not documented once");
            Assert.Equal((function.Path, function.Method, false), (documented[0].Path, documented[0].Method, documented[0].Planned));
        }
        foreach (var operation in operations)
        {
            var served = functions.Any(f => f.Name == operation.OperationId);
            Assert.True(served != operation.Planned,
                operation.Planned ? $"{operation.OperationId} is served: remove its x-planned marker" : $"{operation.OperationId} is documented but not served");
        }
    }

    [Fact]
    public void The_document_lists_the_agent_api_error_codes()
    {
        var text = OpenApiFunction.Load();

        foreach (var code in new[] { "invalid_request", "unauthorized", "session_not_found", "otp_channel_must_differ", "otp_channel_required",
            "participant_not_reassignable", "too_many_requests" })
        {
            Assert.Contains($"`{code}`", text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task The_document_is_served_at_api_openapi_json()
    {
        var response = await app.Anonymous.GetAsync("/api/openapi.json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("3.0.3", (string?)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["openapi"]);
    }
}
