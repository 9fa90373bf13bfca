namespace OtpSessions.Functions.Http;

/// <summary>
/// Marks a function of the agent API: <see cref="HttpPipeline"/> authenticates the bearer token before the function
/// runs (401 <c>unauthorized</c> without a valid one, 403 <c>forbidden</c> without an app role), and the function reads the agent with
/// <see cref="AgentAuth.Agent"/>.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class AgentApiAttribute : Attribute;
