using OtpSessions.Core.Deliveries;
using OtpSessions.Core.Join;
using OtpSessions.Core.Otp;

namespace OtpSessions.Infrastructure.Join;

public static class JoinServiceCollectionExtensions
{
    /// <summary>
    /// The customer flow (issue 5): code generation (CSPRNG) and AES-GCM protection under the <c>Otp__EncryptionKey</c>
    /// master key, the code delivery kind, and the application services for the customer API and the agent's OTP view. Needs <c>AddOtpSessionsSessions</c> (stores, options, master key, token factory)
    /// and <c>AddOtpSessionsMessaging</c> (senders, templates), and a <see cref="TimeProvider"/> (the app registers the one clock).
    /// </summary>
    public static IServiceCollection AddOtpSessionsJoin(this IServiceCollection services)
    {
        services.AddSingleton<IOtpCodeGenerator, OtpCodeGenerator>();
        services.AddSingleton<ICodeProtector, AesGcmCodeProtector>();
        services.AddSingleton<OtpCodeIssuer>();
        services.AddSingleton<JoinService>();
        services.AddSingleton<AgentOtpService>();
        services.AddSingleton<NotMeService>();
        // Codes are a delivery kind: the one delivery worker and report path (AddOtpSessionsSessions) send and track them.
        services.AddSingleton<IDeliveryKind, CodeDelivery>();
        return services;
    }
}
