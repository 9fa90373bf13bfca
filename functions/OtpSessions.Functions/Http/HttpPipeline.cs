using OtpSessions.Core.Auth;
using OtpSessions.Core.Common;
using OtpSessions.Infrastructure.Storage;

namespace OtpSessions.Functions.Http;

/// <summary>
/// What happens around every HTTP function, in one place for both hosts: the worker middleware
/// (<see cref="HttpPipelineMiddleware"/>) runs it in Azure, the local host runs it around each function it serves.
/// In order: the security headers (<see cref="SecurityHeaders"/>); for an <see cref="AgentApiAttribute"/> function,
/// the agent's bearer token (before the function runs: 401 <c>unauthorized</c> without a valid one, 403 <c>forbidden</c>
/// for a valid one that is no agent's, such as one without an app role); then the function, whose unhandled
/// exception becomes a problem response without exception text (400 <c>invalid_request</c> for a
/// <see cref="BadHttpRequestException"/>, such as a body over the limit or an unbindable route value; 503 <c>busy</c>
/// with a Retry-After when storage is out of reach (<see cref="StorageFaults"/>); else 500).
/// </summary>
public sealed partial class HttpPipeline(ILogger<HttpPipeline> logger)
{
    /// <param name="http">The request being answered.</param>
    /// <param name="functionName">The function's name (<c>[Function("…")]</c>).</param>
    /// <param name="function">Runs the function (and, in the local host, writes its result).</param>
    public async Task InvokeAsync(HttpContext http, string functionName, Func<Task> function)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(function);
        SecurityHeaders.Apply(http.Response);
        try
        {
            if (AgentAuth.IsRequiredBy(functionName))
            {
                var authentication = await http.RequestServices.GetRequiredService<IAgentAuthenticator>()
                    .AuthenticateAsync(http.Request.Authorization(), http.RequestAborted);
                if (authentication.Agent is not { } agent)
                {
                    await (authentication.Refusal is { } refusal ? Problems.Forbidden(refusal) : Problems.Unauthorized()).WriteAsync(http);
                    return;
                }
                AgentAuth.SetAgent(http, agent);
            }
            await function();
        }
        catch (Exception exception) when (!http.Response.HasStarted)
        {
            http.Response.Clear();
            SecurityHeaders.Apply(http.Response);
            await Answer(exception, functionName, http.RequestAborted).WriteAsync(http);
        }
    }

    private IActionResult Answer(Exception exception, string functionName, CancellationToken requestAborted)
    {
        if (exception is BadHttpRequestException)
        {
            LogUnhandled(exception, functionName);
            return Problems.InvalidRequest("The request could not be read.");
        }
        if (StorageFaults.IsOutage(exception, requestAborted))
        {
            LogStorageOutage(exception, functionName);
            return OutcomeResults.ToProblem(Failure.StorageUnavailable());
        }
        LogUnhandled(exception, functionName);
        return Problems.InternalError();
    }

    [LoggerMessage(LogLevel.Error, "Function {Function} failed")]
    private partial void LogUnhandled(Exception exception, string function);

    [LoggerMessage(LogLevel.Warning, "Function {Function} could not reach storage; answered 503 busy")]
    private partial void LogStorageOutage(Exception exception, string function);
}
