using System.Collections.Frozen;
using System.Reflection;
using OtpSessions.Core.Auth;

namespace OtpSessions.Functions.Http;

/// <summary>Which functions need an agent, and the agent <see cref="HttpPipeline"/> authenticated for a request.</summary>
public static class AgentAuth
{
    private static readonly object AgentKey = new();

    /// <summary>The names of the functions marked <see cref="AgentApiAttribute"/>.</summary>
    public static IReadOnlySet<string> AgentFunctions { get; } = typeof(AgentAuth).Assembly.GetTypes()
        .SelectMany(type => type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static))
        .Where(method => method.IsDefined(typeof(AgentApiAttribute)))
        .Select(method => method.GetCustomAttribute<FunctionAttribute>()?.Name
            ?? throw new InvalidOperationException($"{method.DeclaringType?.Name}.{method.Name} is marked [AgentApi] but is no function."))
        .ToFrozenSet(StringComparer.Ordinal);

    public static bool IsRequiredBy(string functionName) => AgentFunctions.Contains(functionName);

    /// <summary>The agent of this request; only for a function marked <see cref="AgentApiAttribute"/>.</summary>
    public static AgentPrincipal Agent(this HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.HttpContext.Items[AgentKey] as AgentPrincipal
            ?? throw new InvalidOperationException("No authenticated agent: mark the function [AgentApi].");
    }

    internal static void SetAgent(HttpContext http, AgentPrincipal agent) => http.Items[AgentKey] = agent;
}
