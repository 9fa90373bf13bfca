using Microsoft.AspNetCore.Http;
using OtpSessions.Core.Auth;

namespace OtpSessions.Functions.Http;

/// <summary>The agent behind an HTTP request (bearer JWT), or null: the function then answers 401 <c>unauthorized</c>.</summary>
public static class AgentAuth
{
    public static Task<AgentPrincipal?> AuthenticateAsync(this IAgentAuthenticator authenticator, HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(authenticator);
        ArgumentNullException.ThrowIfNull(request);
        return authenticator.AuthenticateAsync(request.Headers.Authorization.FirstOrDefault(), request.HttpContext.RequestAborted);
    }
}
