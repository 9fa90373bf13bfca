using Microsoft.Extensions.Azure;
using Microsoft.Extensions.Http.Resilience;
using OtpSessions.Core.Health;
using OtpSessions.Infrastructure.Auth;
using OtpSessions.Infrastructure.Identity;
using Polly;

namespace OtpSessions.Infrastructure.Acs;

public static class MessagingServiceCollectionExtensions
{
    /// <summary>
    /// ACS SMS + Email senders (<see cref="ISmsSender"/>, <see cref="IEmailSender"/>), <see cref="MessageTemplates"/>,
    /// the channels ACS is set up for, the Event Grid parser and the webhook's Event Grid authentication
    /// (<see cref="AcsWebhookOptions"/>). Needs a <see cref="TimeProvider"/>, and for the webhook an
    /// <see cref="IOpenIdMetadataSource"/> and an <see cref="IDeliveryReportSink"/> (the app registers them).
    /// </summary>
    public static IServiceCollection AddOtpSessionsMessaging(this IServiceCollection services)
    {
        services.AddValidatedOptions<AcsOptions>(AcsOptions.SectionName);
        services.AddValidatedOptions<MessagingOptions>(MessagingOptions.SectionName);

        services.AddSingleton<MessageTemplates>();
        services.AddValidatedOptions<AcsWebhookOptions>(AcsWebhookOptions.SectionName);

        services.AddSingleton<AcsEventGridParser>();
        services.AddSingleton<AcsWebhookAuthenticator>();
        services.AddSingleton(sp => new ChannelAvailability(Sms: sp.GetRequiredService<IOptions<AcsOptions>>().Value.SmsConfigured));
        services.AddSingleton<IHealthProbe, SmsHealthProbe>();
        services.AddAzureClientsCore();
        services.AddSingleton(sp => new AcsAccessTokenSource(AzureCredentials.For(sp, AcsOptions.SectionName), sp.GetRequiredService<TimeProvider>()));

        services.AddHttpClient<ISmsSender, AcsSmsSender>(ConfigureClient).AddAcsPipeline();
        services.AddHttpClient<IEmailSender, AcsEmailSender>(ConfigureClient).AddAcsPipeline();
        return services;
    }

    private static void ConfigureClient(IServiceProvider services, HttpClient client)
    {
        client.BaseAddress = services.GetRequiredService<IOptions<AcsOptions>>().Value.ResolveEndpoint();
        // The resilience pipeline owns the timeouts.
        client.Timeout = Timeout.InfiniteTimeSpan;
    }

    /// <summary>
    /// Outer to inner: total timeout → retry (429 / 5xx / timeouts / connection failures; exponential back-off with jitter,
    /// honouring <c>Retry-After</c>; never other 4xx) → circuit breaker → per-attempt timeout → authentication (HMAC
    /// signature or bearer token, so every attempt is signed afresh).
    /// </summary>
    private static IHttpClientBuilder AddAcsPipeline(this IHttpClientBuilder builder)
    {
        builder.AddResilienceHandler("acs", static (pipeline, context) =>
        {
            var options = context.ServiceProvider.GetRequiredService<IOptions<AcsOptions>>().Value;
            pipeline.AddTimeout(options.TotalTimeout);
            if (options.MaxRetryAttempts > 0)
            {
                pipeline.AddRetry(new HttpRetryStrategyOptions
                {
                    ShouldHandle = static args => ValueTask.FromResult(IsTransient(args.Outcome)),
                    MaxRetryAttempts = options.MaxRetryAttempts,
                    BackoffType = DelayBackoffType.Exponential,
                    UseJitter = true,
                    Delay = options.RetryBaseDelay,
                    MaxDelay = TimeSpan.FromSeconds(30),
                    ShouldRetryAfterHeader = true,
                });
            }
            pipeline
                .AddCircuitBreaker(new HttpCircuitBreakerStrategyOptions
                {
                    ShouldHandle = static args => ValueTask.FromResult(IsTransient(args.Outcome)),
                    FailureRatio = 0.5,
                    MinimumThroughput = 10,
                    SamplingDuration = TimeSpan.FromSeconds(60),
                    BreakDuration = TimeSpan.FromSeconds(15),
                })
                .AddTimeout(options.AttemptTimeout);
        });
        builder.AddHttpMessageHandler(static services =>
        {
            var options = services.GetRequiredService<IOptions<AcsOptions>>().Value;
            return options.ParseConnectionString() is { } connection
                ? new AcsHmacAuthenticationHandler(connection.AccessKey, services.GetRequiredService<TimeProvider>())
                : new AcsBearerTokenHandler(services.GetRequiredService<AcsAccessTokenSource>());
        });
        return builder;
    }

    private static bool IsTransient(Polly.Outcome<HttpResponseMessage> outcome) => outcome switch
    {
        { Exception: HttpRequestException or Polly.Timeout.TimeoutRejectedException } => true,
        { Result: { } response } => AcsApi.IsRetryable(response.StatusCode),
        _ => false,
    };
}
