
namespace OtpSessions.Core.Auth;

/// <summary>Port: turns an <c>Authorization</c> header into an agent, or says why not (<see cref="AgentAuthentication"/>).</summary>
public interface IAgentAuthenticator
{
    Task<AgentAuthentication> AuthenticateAsync(string? authorizationHeader, CancellationToken cancellationToken);
}
