using OtpSessions.FakeAcs;

// The fake ACS for the local run: http://127.0.0.1:10100 unless --urls says otherwise.
// Access key: --accesskey <base64> or the FakeAcs__AccessKey environment variable (the accesskey= part of Acs__ConnectionString).
var builder = WebApplication.CreateSlimBuilder(args);
var accessKey = builder.Configuration["accesskey"] ?? builder.Configuration["FakeAcs:AccessKey"];
if (string.IsNullOrWhiteSpace(accessKey))
{
    await Console.Error.WriteLineAsync(
        "Usage: OtpSessions.FakeAcs --accesskey <base64 key> [--urls http://127.0.0.1:10100] (or set FakeAcs__AccessKey).");
    return 2;
}
if (string.IsNullOrWhiteSpace(builder.Configuration["urls"]))
{
    builder.WebHost.UseUrls("http://127.0.0.1:10100");
}
// One line per message accepted; ASP.NET Core's per-request lines only at Warning.
builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
builder.Logging.AddSimpleConsole(console =>
{
    console.SingleLine = true;
    console.TimestampFormat = "HH:mm:ss ";
});
builder.Services.AddFakeAcs(new FakeAcsOptions { AccessKey = accessKey });
var app = builder.Build();
app.MapFakeAcs();
app.Lifetime.ApplicationStarted.Register(() => StartupLog.Listening(app.Logger, string.Join(", ", app.Urls)));
await app.RunAsync();
return 0;

internal static partial class StartupLog
{
    [LoggerMessage(LogLevel.Information, "Fake ACS listening on {Urls}; sent messages: GET {Urls}/_messages?to=<address>")]
    public static partial void Listening(ILogger logger, string urls);
}
