using Microsoft.Extensions.Configuration;
using OtpSessions.Core.Agents;
using OtpSessions.Core.Auth;
using OtpSessions.Core.Budgets;
using OtpSessions.Core.Deliveries;
using OtpSessions.Core.Health;
using OtpSessions.Core.Otp;
using OtpSessions.Core.Policy;
using OtpSessions.Infrastructure.Auth;
using OtpSessions.Infrastructure.Budgets;
using OtpSessions.Infrastructure.Policy;

namespace OtpSessions.Infrastructure.Sessions;

public static class SessionsServiceCollectionExtensions
{
    /// <summary>
    /// The session feature: its options (<c>OtpPolicy</c>, <c>Otp</c> (the master key), <c>Web</c>, <c>Auth:Agents</c>, each validated at
    /// start), the master key and token factory, application services, the Table/Queue adapters behind its ports, agent
    /// JWT validation, the delivery worker and the <see cref="IDeliveryReportSink"/>. Needs <c>AddOtpSessionsStorage</c>
    /// (clients), <c>AddOtpSessionsEvents</c> (outbox, <see cref="DoneRows"/>), for sending <c>AddOtpSessionsMessaging</c>
    /// (senders and templates), and a <see cref="TimeProvider"/> and an <see cref="IOpenIdMetadataSource"/> (the app
    /// registers them).
    /// </summary>
    public static IServiceCollection AddOtpSessionsSessions(this IServiceCollection services)
    {
        services.AddValidatedOptions<OtpPolicy>(OtpPolicy.SectionName)
            // A deployment passes the SMS countries as one comma-separated setting (OtpPolicy__AllowedSmsCountries=FR,DE);
            // the indexed form (…__0=FR) binds as well.
            .Configure<IConfiguration>((policy, configuration) =>
            {
                if (configuration[$"{OtpPolicy.SectionName}:{nameof(OtpPolicy.AllowedSmsCountries)}"] is { Length: > 0 } list)
                {
                    policy.AllowedSmsCountries = list.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
                }
            });
        services.AddValidatedOptions<OtpKeyOptions>(OtpKeyOptions.SectionName);
        services.AddValidatedOptions<InvitationLinkOptions>(InvitationLinkOptions.SectionName);
        services.AddValidatedOptions<SendBudgetOptions>(SendBudgetOptions.SectionName);
        services.AddValidatedOptions<AgentAuthOptions>(AgentAuthOptions.SectionName);

        services.AddSingleton<OtpMasterKey>();
        services.AddSingleton(sp => TokenFactory.FromMasterKey(sp.GetRequiredService<OtpMasterKey>()));
        services.AddSingleton<IAgentAuthenticator, JwtAgentAuthenticator>();
        services.AddSingleton<TableTeamPolicyStore>();
        services.AddSingleton<ITeamPolicyStore>(sp => sp.GetRequiredService<TableTeamPolicyStore>());
        services.AddSingleton<IPolicyChangeStore>(sp => sp.GetRequiredService<TableTeamPolicyStore>());
        services.AddSingleton<TableSessionStore>();
        services.AddSingleton<ISessionStore, RelayingSessionStore>();
        services.AddHostedService<DoneRowsFlusher>();
        services.AddSingleton<IIdempotencyStore, TableIdempotencyStore>();
        services.AddSingleton<ISessionIndex, TableSessionIndex>();
        services.AddSingleton<IReportLinkIndex, TableReportLinkIndex>();
        services.AddSingleton<IWorkQueue, StorageWorkQueue>();
        services.AddSingleton<IPendingWorkStore, TablePendingWorkStore>();
        services.AddSingleton<PendingWorkRelay>();
        services.AddSingleton<ISentMessageStore, TableSentMessageStore>();
        services.AddSingleton<IExpiredRowPurger, TableExpiredRowPurger>();

        services.AddSingleton<ISendBudgetStore, TableSendBudgetStore>();
        services.AddSingleton<SendBudgets>();
        services.AddSingleton<IHealthNote, SendBudgetHealthNote>();
        services.AddSingleton<EffectivePolicyProvider>();
        services.AddSingleton<SessionService>();
        services.AddSingleton<PolicyService>();
        // Deliveries: one worker and one report path for every kind (IDeliveryKind: invitations here, codes in the join
        // module). Transient: the worker and its sender hold the senders, which are typed HttpClients.
        services.AddSingleton<IDeliveryKind, InvitationDelivery>();
        services.AddSingleton<DeliveryKinds>();
        services.AddTransient<DeliverySender>();
        services.AddTransient<DeliveryService>();
        services.AddSingleton<IDeliveryReportSink, SessionDeliveryReportSink>();
        return services;
    }
}
