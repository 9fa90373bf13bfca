using Microsoft.Extensions.DependencyInjection;
using OtpSessions.Infrastructure.Join;

namespace OtpSessions.Functions.Join;

public static class JoinRegistration
{
    /// <summary>
    /// The customer API, the <c>otp-deliveries</c> queue work and the agent's OTP view
    /// (<see cref="JoinServiceCollectionExtensions.AddOtpSessionsJoin"/>), used by both hosts. Register after
    /// <c>AddAgentSessions</c>.
    /// </summary>
    public static IServiceCollection AddCustomerJoin(this IServiceCollection services) => services.AddOtpSessionsJoin();
}
