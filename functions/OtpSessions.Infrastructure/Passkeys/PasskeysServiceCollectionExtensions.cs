using OtpSessions.Core.Join;
using OtpSessions.Core.Passkeys;

namespace OtpSessions.Infrastructure.Passkeys;

public static class PasskeysServiceCollectionExtensions
{
    /// <summary>
    /// Passkeys for returning participants: the settings (<c>Passkeys__RpId</c>, validated at start against
    /// <c>Web__BaseUrl</c>), the Table stores of passkeys and challenges, the Fido2 ceremonies, the owner key and the
    /// application service. Needs <c>AddOtpSessionsStorage</c>, <c>AddOtpSessionsSessions</c> (master key, web settings)
    /// and <c>AddOtpSessionsJoin</c>.
    /// </summary>
    public static IServiceCollection AddOtpSessionsPasskeys(this IServiceCollection services)
    {
        services.AddOptions<PasskeyOptions>().BindConfiguration(PasskeyOptions.SectionName)
            .Validate<IOptions<InvitationLinkOptions>>((o, web) =>
                    !Uri.TryCreate(web.Value.BaseUrl, UriKind.Absolute, out var baseUrl) || o.RpIdFits(baseUrl),
                "Passkeys__RpId must be the host of Web__BaseUrl or a parent domain of it (a registrable domain such as example.com), without scheme or port.")
            .ValidateOnStart();
        services.AddSingleton<IPasskeyStore, TablePasskeyStore>();
        services.AddSingleton<IPasskeyChallengeStore, TablePasskeyChallengeStore>();
        services.AddSingleton<IWebAuthn, Fido2WebAuthn>();
        services.AddSingleton<PasskeyOwners>();
        services.AddSingleton<PasskeyService>();
        return services;
    }
}
