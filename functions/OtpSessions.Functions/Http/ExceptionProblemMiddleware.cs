using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;
using Microsoft.Extensions.Logging;

namespace OtpSessions.Functions.Http;

/// <summary>
/// Worker middleware (HTTP functions only): an unhandled exception becomes a 500 problem response without
/// exception text; a <see cref="BadHttpRequestException"/> (e.g. a body over the limit) becomes a 400.
/// The local host applies <see cref="WriteAsync"/> the same way.
/// </summary>
public sealed partial class ExceptionProblemMiddleware(ILogger<ExceptionProblemMiddleware> logger) : IFunctionsWorkerMiddleware
{
    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        try
        {
            await next(context);
        }
        catch (Exception exception) when (context.GetHttpContext() is { Response.HasStarted: false } http)
        {
            LogUnhandled(exception, context.FunctionDefinition.Name);
            await WriteAsync(http, exception);
        }
    }

    public static Task WriteAsync(HttpContext http, Exception exception)
    {
        var result = exception is BadHttpRequestException
            ? Problems.InvalidRequest("The request could not be read.")
            : Problems.InternalError();
        return result.ExecuteResultAsync(new ActionContext(http, http.GetRouteData(), new ActionDescriptor()));
    }

    [LoggerMessage(LogLevel.Error, "Function {Function} failed")]
    private partial void LogUnhandled(Exception exception, string function);
}
