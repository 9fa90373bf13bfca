using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using OtpSessions.Core.Common;
using OtpSessions.Functions.Http;

namespace OtpSessions.LocalHost.Hosting;

/// <summary>
/// Maps every HTTP-triggered function to its route and methods, honouring its authorization level, and runs it inside
/// the app's <see cref="HttpPipeline"/> (security headers, agent authentication, exceptions as problem JSON).
/// </summary>
public static partial class HttpTriggerEndpoints
{
    /// <summary>Function keys accepted for <c>Function</c>/<c>Admin</c> level (<c>LocalHost:FunctionKeys:{name}</c>).</summary>
    public const string FunctionKeysSection = "LocalHost:FunctionKeys";

    public static void Map(WebApplication app, IEnumerable<LocalFunction> functions, HostSettings host)
    {
        var keys = app.Configuration.GetSection(FunctionKeysSection).GetChildren()
            .Select(k => k.Value).Where(v => !string.IsNullOrEmpty(v)).Select(v => v!).ToList();
        foreach (var function in functions.Where(f => f.Kind == TriggerKind.Http))
        {
            var trigger = function.Trigger;
            var route = string.Join('/', new[] { host.RoutePrefix, trigger.Route ?? function.Name }.Where(s => !string.IsNullOrEmpty(s)));
            var methods = trigger.Methods is { Count: > 0 } m ? m.Select(x => x.ToUpperInvariant()).ToArray() : ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"];
            var needsKey = !string.Equals(trigger.AuthLevel, "Anonymous", StringComparison.OrdinalIgnoreCase);
            if (needsKey && keys.Count == 0)
            {
                throw new InvalidOperationException(
                    $"Local host cannot serve function '{function.Name}': it needs a function key and none is configured ({FunctionKeysSection.Replace(":", "__", StringComparison.Ordinal)}__default).");
            }
            // One line per call, under the category the Functions host logs executions with (host.json's "Function").
            var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Function." + function.Name);
            app.MapMethods("/" + route, methods, async context =>
            {
                if (needsKey && !HasValidKey(context.Request, keys))
                {
                    SecurityHeaders.Apply(context.Response);
                    await Problems.Unauthorized("A valid function key is required (query code or header x-functions-key).").WriteAsync(context);
                    return;
                }
                // The app's own HTTP pipeline, exactly as the worker middleware runs it in the Functions host; what the
                // function answers goes out as it is (no status-code page for its own error answers).
                context.Features.Get<IStatusCodePagesFeature>()?.Enabled = false;
                var started = Stopwatch.GetTimestamp();
                await context.RequestServices.GetRequiredService<HttpPipeline>().InvokeAsync(context, function.Name, async () =>
                {
                    var result = await function.InvokeAsync(new InvocationInput(context.RequestServices, context.RequestAborted) { Http = context });
                    await WriteAsync(context, result);
                });
                // The path only: a query may hold a function key.
                LogExecuted(logger, context.Request.Method, context.Request.Path, context.Response.StatusCode, (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }).WithDisplayName(function.Name);
        }
    }

    /// <summary>A function's return value as the Functions host writes it.</summary>
    private static Task WriteAsync(HttpContext context, object? result)
    {
        switch (result)
        {
            case IActionResult action:
                return action.WriteAsync(context);
            case IResult httpResult:
                return httpResult.ExecuteAsync(context);
            case null:
                context.Response.StatusCode = StatusCodes.Status204NoContent;
                return Task.CompletedTask;
            default:
                return new ObjectResult(result).WriteAsync(context);
        }
    }

    /// <summary>
    /// The local host's own refusals as problem JSON, like the app's: a path that names no function (404
    /// <c>not_found</c>), a function's path with another method (405 <c>method_not_allowed</c>, with <c>Allow</c>), and
    /// any other empty error answer of the host. Runs for error responses that have no body yet.
    /// </summary>
    public static Task WriteRefusalAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var status = context.Response.StatusCode;
        SecurityHeaders.Apply(context.Response);
        var problem = status switch
        {
            StatusCodes.Status404NotFound => Problems.Create(status, ErrorCodes.NotFound, "No endpoint has this path."),
            StatusCodes.Status405MethodNotAllowed => Problems.Create(status, ErrorCodes.MethodNotAllowed, "This endpoint does not serve this method."),
            StatusCodes.Status401Unauthorized => Problems.Unauthorized(),
            >= 500 => Problems.InternalError(),
            _ => Problems.InvalidRequest("The request could not be read."),
        };
        return problem.WriteAsync(context);
    }

    /// <summary>The key comes in <c>?code=</c> or the <c>x-functions-key</c> header, as with the Functions host.</summary>
    private static bool HasValidKey(HttpRequest request, List<string> keys)
    {
        var given = request.Headers["x-functions-key"].FirstOrDefault() ?? request.Query["code"].FirstOrDefault();
        if (string.IsNullOrEmpty(given))
        {
            return false;
        }
        var givenBytes = Encoding.UTF8.GetBytes(given);
        return keys.Any(k => CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(k), givenBytes));
    }

    [LoggerMessage(LogLevel.Information, "Executed {Method} {Path}: {Status} in {ElapsedMs} ms")]
    private static partial void LogExecuted(ILogger logger, string method, string path, int status, long elapsedMs);
}
