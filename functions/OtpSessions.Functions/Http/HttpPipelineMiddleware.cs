using Microsoft.Azure.Functions.Worker.Middleware;

namespace OtpSessions.Functions.Http;

/// <summary>
/// The worker middleware that runs <see cref="HttpPipeline"/> around every HTTP function in the Functions host
/// (registered with <see cref="IsHttpFunction"/> as its <c>UseWhen</c> predicate).
/// </summary>
public sealed class HttpPipelineMiddleware(HttpPipeline pipeline) : IFunctionsWorkerMiddleware
{
    public Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        return context.GetHttpContext() is { } http
            ? pipeline.InvokeAsync(http, context.FunctionDefinition.Name, () => next(context))
            : next(context);
    }

    /// <summary>True for a function with an HTTP trigger; queue and timer functions skip the middleware.</summary>
    public static bool IsHttpFunction(FunctionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.FunctionDefinition.InputBindings.Values
            .Any(binding => binding.Type.Equals("httpTrigger", StringComparison.OrdinalIgnoreCase));
    }
}
