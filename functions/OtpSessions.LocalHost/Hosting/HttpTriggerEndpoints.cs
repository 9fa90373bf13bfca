using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;

namespace OtpSessions.LocalHost.Hosting;

/// <summary>Maps every HTTP-triggered function to its route and methods, honouring its authorization level.</summary>
public static class HttpTriggerEndpoints
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
            app.MapMethods("/" + route, methods, async context =>
            {
                if (needsKey && !HasValidKey(context.Request, keys))
                {
                    context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                    return;
                }
                var result = await function.InvokeAsync(new InvocationInput(context.RequestServices, context.RequestAborted) { Http = context });
                switch (result)
                {
                    case IActionResult action:
                        await action.ExecuteResultAsync(new ActionContext(context, context.GetRouteData(), new ActionDescriptor()));
                        break;
                    case IResult httpResult:
                        await httpResult.ExecuteAsync(context);
                        break;
                    case null:
                        context.Response.StatusCode = StatusCodes.Status204NoContent;
                        break;
                    default:
                        await new ObjectResult(result).ExecuteResultAsync(new ActionContext(context, context.GetRouteData(), new ActionDescriptor()));
                        break;
                }
            }).WithDisplayName(function.Name);
        }
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
}
