using OtpSessions.Core.Insights;

namespace OtpSessions.Infrastructure.Insights;

public static class InsightsServiceCollectionExtensions
{
    /// <summary>
    /// The insights feature: its options (<c>Insights</c>, validated at start), the feed the session store's commits fill,
    /// the projector and the flusher that runs it on every instance, the Table store behind <see cref="IInsightsStore"/>
    /// the answer of <c>GET /api/insights</c>, and the rebuild command with the history it reads. Needs <c>AddOtpSessionsStorage</c> (clients) and a <see cref="TimeProvider"/>.
    /// </summary>
    public static IServiceCollection AddOtpSessionsInsights(this IServiceCollection services)
    {
        services.AddValidatedOptions<InsightsOptions>(InsightsOptions.SectionName);
        services.AddSingleton<IInsightsStore, TableInsightsStore>();
        services.AddSingleton<InsightsFeed>();
        services.AddSingleton<InsightsProjector>();
        services.AddHostedService<InsightsFlusher>();
        services.AddSingleton<InsightsService>();
        services.AddSingleton<IInsightsHistory, TableInsightsHistory>();
        services.AddSingleton<InsightsRebuild>();
        return services;
    }
}
