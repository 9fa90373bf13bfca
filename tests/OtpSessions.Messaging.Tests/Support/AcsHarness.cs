using System.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;
using OtpSessions.Core.Messaging;
using OtpSessions.FakeAcs;
using OtpSessions.Infrastructure.Acs;

namespace OtpSessions.Messaging.Tests.Support;

/// <summary>
/// A fake ACS on a free port plus the app's messaging services pointed at it, sharing one FakeTimeProvider (the client's
/// x-ms-date and the fake's skew check agree, and retry/timeout delays only pass when a test advances the clock).
/// </summary>
public sealed class AcsHarness : IAsyncDisposable
{
    /// <summary>The local development key from local.settings.sample.json.</summary>
    public const string AccessKey = "fBkqxQUmyYgWPWDQNFjOL3shnI2qhWoFK26r6Bs/Hsk=";
    public const string SmsFrom = "+18005550199";
    public const string EmailFrom = "DoNotReply@contoso-dev.example";

    private AcsHarness(FakeTimeProvider time, FakeAcsServer acs, ServiceProvider services)
    {
        Time = time;
        Acs = acs;
        Services = services;
    }

    public FakeTimeProvider Time { get; }

    public FakeAcsServer Acs { get; }

    public ServiceProvider Services { get; }

    public ISmsSender Sms => Services.GetRequiredService<ISmsSender>();

    public AcsEmailSender Email => (AcsEmailSender)Services.GetRequiredService<IEmailSender>();

    public FakeLogCollector Logs => Services.GetFakeLogCollector();

    public static async Task<AcsHarness> StartAsync(
        Action<IDictionary<string, string?>>? configure = null, Action<IServiceCollection>? services = null /* after the module: replaces */)
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2025, 3, 1, 9, 0, 0, TimeSpan.Zero));
        var acs = new FakeAcsServer(new FakeAcsOptions { AccessKey = AccessKey, TimeProvider = time });
        await acs.StartAsync();
        var settings = new Dictionary<string, string?>
        {
            ["Acs:ConnectionString"] = acs.ConnectionString,
            ["Acs:SmsFrom"] = SmsFrom,
            ["Acs:EmailFrom"] = EmailFrom,
            ["Acs:RetryBaseDelay"] = "00:00:00",
            ["Messaging:OrganisationName"] = "Contoso Bank",
        };
        configure?.Invoke(settings);
        var collection = new ServiceCollection();
        collection.AddSingleton<TimeProvider>(time);
        collection.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Trace).AddFakeLogging());
        collection.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        collection.AddOtpSessionsMessaging();
        services?.Invoke(collection);
        return new AcsHarness(time, acs, collection.BuildServiceProvider(validateScopes: true));
    }

    public static SmsMessage SmsTo(string to, string idempotencyId, string text = "123456 is your Contoso Bank verification code.") =>
        new(to, text, idempotencyId, new DateTimeOffset(2025, 3, 1, 8, 59, 0, TimeSpan.Zero), Tag: "s_1|p_1");

    public static EmailMessage EmailTo(string to, string idempotencyId) =>
        new(to, new EmailContent("Your Contoso Bank verification code", "Your code is 482913", "<p>Your code is 482913</p>"),
            idempotencyId, "Dana Cole");

    /// <summary>Polls (never sleeps blindly) until <paramref name="condition"/> holds; fails at the deadline.</summary>
    public static async Task WaitUntilAsync(Func<bool> condition, string what, TimeSpan? timeout = null)
    {
        if (!await TryWaitUntilAsync(condition, timeout ?? TimeSpan.FromSeconds(10)))
        {
            throw new TimeoutException($"Timed out waiting for {what}.");
        }
    }

    /// <summary>Polls until <paramref name="condition"/> holds (true) or <paramref name="timeout"/> passes (false).</summary>
    public static async Task<bool> TryWaitUntilAsync(Func<bool> condition, TimeSpan timeout)
    {
        var watch = Stopwatch.StartNew();
        while (!condition())
        {
            if (watch.Elapsed > timeout)
            {
                return false;
            }
            await Task.Delay(2);
        }
        return true;
    }

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        await Acs.DisposeAsync();
    }
}
