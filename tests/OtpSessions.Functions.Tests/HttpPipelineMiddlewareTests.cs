using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using OtpSessions.Core.Auth;
using OtpSessions.Functions.Http;
using OtpSessions.Functions.OpenApi;
using OtpSessions.Infrastructure.Auth;
using OtpSessions.LocalHost;
using OtpSessions.Testing;
using Xunit;

namespace OtpSessions.Functions.Tests;

/// <summary>
/// The worker middleware itself (<see cref="HttpPipelineMiddleware"/>, as the Functions host runs it) around stand-in
/// functions: agent authentication, exceptions as problem JSON and the security headers. The local host runs the same
/// <see cref="HttpPipeline"/>; its tests and the end-to-end tests cover that side.
/// </summary>
public sealed class HttpPipelineMiddlewareTests : IDisposable
{
    private const string Issuer = "local-dev";
    private const string Audience = "otp-sessions";
    private static readonly string SigningKey = Convert.ToBase64String(Enumerable.Range(0, 32).Select(i => (byte)(i * 5 + 1)).ToArray());

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2030, 1, 2, 3, 4, 5, TimeSpan.Zero));
    private readonly CapturedLogs _logs = new();
    private readonly ServiceProvider _services;

    public HttpPipelineMiddlewareTests()
    {
        _services = new ServiceCollection()
            .AddLogging(logging => logging.AddProvider(_logs))
            .AddSingleton<TimeProvider>(_time)
            .AddSingleton(Options.Create(new AgentAuthOptions { Issuer = Issuer, Audience = Audience, SigningKey = SigningKey }))
            .AddSingleton<IOpenIdMetadataSource, HttpsOpenIdMetadataSource>()
            .AddSingleton<IAgentAuthenticator, JwtAgentAuthenticator>()
            .AddSingleton<HttpPipeline>()
            .AddSingleton<HttpPipelineMiddleware>()
            .AddMvcCore().Services
            .BuildServiceProvider();
    }

    public void Dispose() => _services.Dispose();

    /// <summary>An agent function of the app (<see cref="AgentApiAttribute"/>) and one open to anyone.</summary>
    private const string AgentFunction = "GetSession";
    private const string OpenFunction = "Health";

    [Fact]
    public async Task An_exception_in_a_function_is_a_500_problem_without_the_exception_text_and_is_logged()
    {
        var http = Request();

        await RunAsync(http, OpenFunction, _ => throw new InvalidOperationException("secret detail 4711"));

        var problem = AssertProblem(http, StatusCodes.Status500InternalServerError, "internal_error");
        Assert.DoesNotContain("4711", problem.ToJsonString(), StringComparison.Ordinal);
        Assert.Contains(_logs.Lines, l => l.StartsWith("Error", StringComparison.Ordinal) && l.Contains("Function Health failed", StringComparison.Ordinal)
            && l.Contains("4711", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_request_that_cannot_be_read_is_a_400_invalid_request_problem()
    {
        var http = Request();

        await RunAsync(http, OpenFunction, _ => throw new BadHttpRequestException("Request body too large."));

        AssertProblem(http, StatusCodes.Status400BadRequest, "invalid_request");
    }

    /// <summary>
    /// Storage out of reach (a real Table client against a port nobody listens on): with the SDK's retries or without,
    /// the answer is 503 <c>busy</c> with a Retry-After — the client may try again — never a 500.
    /// </summary>
    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    public async Task Storage_out_of_reach_is_a_503_busy_problem_with_Retry_After_not_a_500(int sdkRetries)
    {
        var table = UnreachableTable(sdkRetries);
        var http = Request();

        await RunAsync(http, OpenFunction, _ => table.GetEntityIfExistsAsync<Azure.Data.Tables.TableEntity>("p", "r"));

        AssertProblem(http, StatusCodes.Status503ServiceUnavailable, "busy");
        Assert.Equal("5", http.Response.Headers.RetryAfter.ToString());
        Assert.Contains(_logs.Lines, l => l.StartsWith("Warning", StringComparison.Ordinal)
            && l.Contains("Function Health could not reach storage", StringComparison.Ordinal));
    }

    /// <summary>A refusal by storage that points at a defect of ours (here 409: the row exists) stays a 500.</summary>
    [Fact]
    public async Task A_storage_refusal_that_is_not_an_outage_stays_a_500()
    {
        var http = Request();

        await RunAsync(http, OpenFunction, _ => throw new Azure.RequestFailedException(409, "EntityAlreadyExists"));

        AssertProblem(http, StatusCodes.Status500InternalServerError, "internal_error");
    }

    [Fact]
    public async Task Headers_a_function_set_before_it_failed_do_not_reach_the_problem_answer()
    {
        var http = Request();

        await RunAsync(http, OpenFunction, context =>
        {
            context.Response.Headers.Location = "/api/sessions/s_half";
            throw new InvalidOperationException("late failure");
        });

        AssertProblem(http, StatusCodes.Status500InternalServerError, "internal_error");
        Assert.False(http.Response.Headers.ContainsKey("Location"));
    }

    /// <summary>
    /// In Azure, platform CORS answers preflights and allows the configured origins but cannot expose response headers;
    /// the app names them on every answer (success, refusal, failure) so the console can read them across origins.
    /// </summary>
    [Fact]
    public async Task Every_answer_exposes_ETag_Retry_After_and_Location_to_cross_origin_scripts()
    {
        var ok = Request();
        var refused = Request("Bearer not-a-token");
        var failed = Request();

        await RunAsync(ok, OpenFunction, context => new OkResult().WriteAsync(context));
        await RunAsync(refused, AgentFunction, _ => Task.CompletedTask);
        await RunAsync(failed, OpenFunction, _ => throw new InvalidOperationException("boom"));

        foreach (var (http, status) in new[] { (ok, 200), (refused, 401), (failed, 500) })
        {
            Assert.Equal(status, http.Response.StatusCode);
            var exposed = http.Response.Headers.AccessControlExposeHeaders.ToString().Split(',', StringSplitOptions.TrimEntries);
            Assert.Equal(["ETag", "Retry-After", "Location"], exposed);
        }
    }

    [Theory]
    [InlineData(null)]
    [InlineData("Bearer")]
    [InlineData("Bearer not-a-jwt")]
    [InlineData("Basic YWdlbnQ6c2VjcmV0")]
    public async Task An_agent_function_without_a_valid_bearer_token_is_a_401_problem_and_does_not_run(string? authorization)
    {
        var http = Request(authorization);
        var ran = false;

        await RunAsync(http, AgentFunction, _ =>
        {
            ran = true;
            return Task.CompletedTask;
        });

        Assert.False(ran);
        AssertProblem(http, StatusCodes.Status401Unauthorized, "unauthorized");
    }

    [Fact]
    public async Task An_agent_function_with_a_token_signed_by_another_key_is_a_401_problem()
    {
        var otherKey = Convert.ToBase64String(new byte[32]);
        var http = Request("Bearer " + Token("agent-7", signingKey: otherKey));

        await RunAsync(http, AgentFunction, _ => Task.CompletedTask);

        AssertProblem(http, StatusCodes.Status401Unauthorized, "unauthorized");
    }

    [Fact]
    public async Task An_agent_function_with_a_valid_token_without_an_app_role_is_a_403_forbidden_problem_and_does_not_run()
    {
        var token = DevAgentToken.Create(Issuer, Audience, SigningKey, "agent-7", "retail", ["auditor"], _time.GetUtcNow().UtcDateTime, TimeSpan.FromHours(1));
        var http = Request("Bearer " + token);
        var ran = false;

        await RunAsync(http, AgentFunction, _ =>
        {
            ran = true;
            return Task.CompletedTask;
        });

        Assert.False(ran);
        var problem = AssertProblem(http, StatusCodes.Status403Forbidden, "forbidden");
        Assert.Contains("agent, supervisor, admin", (string?)problem["detail"], StringComparison.Ordinal);
        AssertSecurityHeaders(http.Response);
    }

    [Fact]
    public async Task An_agent_function_runs_with_the_agent_of_the_bearer_token()
    {
        var http = Request("Bearer " + Token("agent-7", "retail", "supervisor"));
        AgentPrincipal? seen = null;

        await RunAsync(http, AgentFunction, context =>
        {
            seen = context.Request.Agent();
            return new OkResult().WriteAsync(context);
        });

        Assert.Equal(StatusCodes.Status200OK, http.Response.StatusCode);
        Assert.Equal(("agent-7", "retail"), (seen?.Subject, seen?.Team));
        Assert.Contains("supervisor", seen!.Roles);
        AssertSecurityHeaders(http.Response);
    }

    [Fact]
    public async Task A_function_outside_the_agent_api_runs_without_a_token_and_has_no_agent()
    {
        var http = Request();
        Exception? askedForAgent = null;

        await RunAsync(http, OpenFunction, context =>
        {
            askedForAgent = Record.Exception(() => context.Request.Agent());
            return new OkResult().WriteAsync(context);
        });

        Assert.Equal(StatusCodes.Status200OK, http.Response.StatusCode);
        Assert.IsType<InvalidOperationException>(askedForAgent);
        AssertSecurityHeaders(http.Response);
    }

    [Fact]
    public async Task A_successful_answer_carries_nosniff_and_no_store()
    {
        var http = Request();

        await RunAsync(http, OpenFunction, context => new OkObjectResult(new { status = "healthy" }).WriteAsync(context));

        Assert.Equal(StatusCodes.Status200OK, http.Response.StatusCode);
        AssertSecurityHeaders(http.Response);
    }

    [Theory]
    [InlineData("httpTrigger", true)]
    [InlineData("HttpTrigger", true)]
    [InlineData("queueTrigger", false)]
    [InlineData("timerTrigger", false)]
    public void The_middleware_runs_for_http_functions_only(string trigger, bool runs)
    {
        Assert.Equal(runs, HttpPipelineMiddleware.IsHttpFunction(new TestFunctionContext("AnyFunction", trigger)));
    }

    [Fact]
    public void The_agent_functions_are_exactly_the_operations_the_openapi_document_secures_with_the_agent_bearer()
    {
        var secured = JsonNode.Parse(OpenApiFunction.Load())!["paths"]!.AsObject()
            .SelectMany(path => path.Value!.AsObject().Select(operation => operation.Value!))
            .Where(operation => operation["security"]?.AsArray().Any(s => s!.AsObject().ContainsKey("agentBearer")) == true)
            .Select(operation => (string)operation["operationId"]!)
            .Order(StringComparer.Ordinal);

        Assert.Equal(secured, AgentAuth.AgentFunctions.Order(StringComparer.Ordinal));
        Assert.Contains(AgentFunction, AgentAuth.AgentFunctions);
        Assert.DoesNotContain(OpenFunction, AgentAuth.AgentFunctions);
    }

    [Fact]
    public void Every_agent_operation_documents_403_forbidden_for_a_token_without_an_app_role()
    {
        var document = JsonNode.Parse(OpenApiFunction.Load())!;
        var agentOperations = document["paths"]!.AsObject()
            .SelectMany(path => path.Value!.AsObject().Select(operation => operation.Value!))
            .Where(operation => operation["security"]?.AsArray().Any(s => s!.AsObject().ContainsKey("agentBearer")) == true)
            .ToList();

        Assert.NotEmpty(agentOperations);
        foreach (var operation in agentOperations)
        {
            var forbidden = operation["responses"]?["403"];
            if (forbidden?["$ref"] is { } reference)
            {
                forbidden = document["components"]!["responses"]![((string)reference!).Split('/')[^1]];
            }
            Assert.True(((string?)forbidden?["description"])?.Contains("`forbidden`", StringComparison.Ordinal) == true,
                $"{operation["operationId"]} documents no 403 `forbidden`");
        }
    }

    private Task RunAsync(HttpContext http, string functionName, Func<HttpContext, Task> function)
    {
        var context = new TestFunctionContext(functionName, "httpTrigger", http);
        return _services.GetRequiredService<HttpPipelineMiddleware>().Invoke(context, c => function(http));
    }

    /// <summary>A Table client for a local port that was just free: every call is refused at once.</summary>
    private static Azure.Data.Tables.TableClient UnreachableTable(int sdkRetries)
    {
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var options = new Azure.Data.Tables.TableClientOptions();
        options.Retry.MaxRetries = sdkRetries;
        options.Retry.Delay = TimeSpan.FromMilliseconds(1);
        options.Retry.MaxDelay = TimeSpan.FromMilliseconds(1);
        return new Azure.Data.Tables.TableClient(
            $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={Convert.ToBase64String(new byte[64])};TableEndpoint=http://127.0.0.1:{port}/devstoreaccount1;",
            "unreachable", options);
    }

    private DefaultHttpContext Request(string? authorization = null)
    {
        var http = new DefaultHttpContext { RequestServices = _services };
        http.Request.Method = "GET";
        http.Request.Path = "/api/anything";
        http.Response.Body = new MemoryStream();
        if (authorization is not null)
        {
            http.Request.Headers.Authorization = authorization;
        }
        return http;
    }

    private string Token(string agentId, string? team = null, string? role = null, string? signingKey = null) =>
        DevAgentToken.Create(Issuer, Audience, signingKey ?? SigningKey, agentId, team, DevAgentToken.RolesOrDefault(role is null ? null : [role]),
            _time.GetUtcNow().UtcDateTime, TimeSpan.FromHours(1));

    private static JsonObject AssertProblem(HttpContext http, int status, string code)
    {
        Assert.Equal(status, http.Response.StatusCode);
        Assert.Equal("application/problem+json", MediaTypeHeaderValue.Parse(http.Response.ContentType!).MediaType);
        http.Response.Body.Position = 0;
        var problem = JsonNode.Parse(http.Response.Body)!.AsObject();
        Assert.Equal(code, (string?)problem["code"]);
        Assert.Equal(status, (int?)problem["status"]);
        AssertSecurityHeaders(http.Response);
        return problem;
    }

    private static void AssertSecurityHeaders(HttpResponse response)
    {
        Assert.Equal("nosniff", response.Headers.XContentTypeOptions.ToString());
        Assert.Equal("no-store", response.Headers.CacheControl.ToString());
    }
}
