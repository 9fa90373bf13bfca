using System.Net;
using System.Reflection;
using System.Text.RegularExpressions;
using System.Text.Json.Nodes;
using OtpSessions.Core.Common;
using OtpSessions.Core.Join;
using OtpSessions.Core.Otp;
using OtpSessions.Core.Policy;
using OtpSessions.Functions.OpenApi;
using OtpSessions.Testing;
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

    /// <summary>Every error code the code can answer: the constants of the <c>*ErrorCodes</c> classes of the core.</summary>
    private static SortedSet<string> CodesInCode() =>
        new(typeof(ErrorCodes).Assembly.GetTypes()
            .Where(type => type.Name.EndsWith("ErrorCodes", StringComparison.Ordinal))
            .SelectMany(type => type.GetFields(BindingFlags.Public | BindingFlags.Static))
            .Where(field => field.IsLiteral && field.FieldType == typeof(string))
            .Select(field => (string)field.GetRawConstantValue()!), StringComparer.Ordinal);

    /// <summary>The codes the OpenAPI document lists: the lowercase `words` after "Codes…:" to the end of a description.</summary>
    private static SortedSet<string> CodesInOpenApi() =>
        new(Regex.Matches(OpenApiFunction.Load(), @"Codes[^:`""]*:([^""]*)")
            .SelectMany(m => Regex.Matches(m.Groups[1].Value, "`([a-z][a-z_]*)`").Select(code => code.Groups[1].Value)), StringComparer.Ordinal);

    /// <summary>The codes of the table in the "Errors" section of docs/api.md (one row per code).</summary>
    private static SortedSet<string> CodesInApiDocs()
    {
        var text = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "docs", "api.md"));
        var section = Regex.Match(text, @"^## Errors\n(.*?)(?=^## )", RegexOptions.Multiline | RegexOptions.Singleline).Groups[1].Value;
        return new(Regex.Matches(section, @"^\| `([a-z_]+)` \|", RegexOptions.Multiline).Select(m => m.Groups[1].Value), StringComparer.Ordinal);
    }

    [Fact]
    public void The_document_and_docs_api_md_list_exactly_the_error_codes_of_the_code()
    {
        var inCode = CodesInCode();
        Assert.Contains(ErrorCodes.InvalidRequest, inCode);
        Assert.Contains(JoinErrorCodes.LinkInvalid, inCode);
        Assert.Contains(OtpErrorCodes.OtpInvalid, inCode);

        Assert.Equal(inCode, CodesInOpenApi());
        Assert.Equal(inCode, CodesInApiDocs());
    }

    /// <summary>The values of every <c>code</c> enum of the document's error responses (<c>allOf: [Problem, {{ code enum }}]</c>).</summary>
    private static SortedSet<string> CodesInOpenApiEnums()
    {
        var codes = new SortedSet<string>(StringComparer.Ordinal);
        void Walk(JsonNode? node)
        {
            switch (node)
            {
                case JsonObject o:
                    if (o["allOf"] is JsonArray { Count: 2 } all && (string?)all[0]?["$ref"] == "#/components/schemas/Problem"
                        && all[1]?["properties"]?["code"]?["enum"] is JsonArray values)
                    {
                        codes.UnionWith(values.Select(v => (string)v!));
                    }
                    foreach (var (_, child) in o)
                    {
                        Walk(child);
                    }
                    break;
                case JsonArray a:
                    foreach (var child in a)
                    {
                        Walk(child);
                    }
                    break;
            }
        }
        Walk(JsonNode.Parse(OpenApiFunction.Load()));
        return codes;
    }

    [Fact]
    public void The_error_code_enums_of_the_document_are_the_constants_of_the_code()
    {
        var inCode = CodesInCode();
        var enumerated = CodesInOpenApiEnums();
        // Codes no one operation lists (any endpoint may answer them) are named by the Problem schema's code itself.
        var anyEndpoint = Regex.Matches((string)JsonNode.Parse(OpenApiFunction.Load())!["components"]!["schemas"]!["Problem"]!["properties"]!["code"]!["description"]!, "`([a-z][a-z_]*)`")
            .Select(m => m.Groups[1].Value);

        Assert.Contains(OtpErrorCodes.OtpInvalid, enumerated);
        Assert.Subset(inCode, enumerated);
        Assert.Equal(inCode, new SortedSet<string>(enumerated.Concat(anyEndpoint), StringComparer.Ordinal));
    }

    /// <summary>The console's settings page reads the allowed ranges from the document: they must be the code's.</summary>
    [Fact]
    public void The_documented_policy_fields_and_ranges_are_those_the_code_enforces()
    {
        var schemas = JsonNode.Parse(OpenApiFunction.Load())!["components"]!["schemas"]!;
        foreach (var schema in new[] { "Policy", "PolicyOverrides" })
        {
            var properties = schemas[schema]!["properties"]!.AsObject();
            Assert.Equal(PolicyFields.All.Select(f => f.Name), properties.Select(p => p.Key).Where(name => name != "team"));
            foreach (var field in PolicyFields.All)
            {
                var property = properties[field.Name]!;
                var documented = property["minimum"] is null && property["maximum"] is null
                    ? ((long, long)?)null
                    : ((long)property["minimum"]!, (long)property["maximum"]!);
                Assert.True(field.Range == documented, $"{schema}.{field.Name}: documented {documented}, enforced {field.Range}");
            }
        }
        var product = Assert.Single(schemas["PolicyOverrides"]!["x-productLimits"]!.AsArray())!;
        Assert.Equal(["maxAttempts", "maxLockouts"], product["fields"]!.AsArray().Select(f => (string)f!));
        Assert.Equal(OtpPolicy.MaxGuesses, (int)product["maximum"]!);
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
