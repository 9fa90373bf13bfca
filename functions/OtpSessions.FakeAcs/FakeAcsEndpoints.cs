using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace OtpSessions.FakeAcs;

/// <summary>
/// The fake's HTTP surface. ACS endpoints (HMAC-verified, fault-injectable):
/// <c>POST /sms</c> (api-version 2021-03-07 or newer), <c>POST /emails:send</c> (2023-03-31 or newer, e.g. 2025-09-01),
/// <c>GET /emails/operations/{id}</c>. Test endpoints (no auth): <c>GET /_messages?to=</c>, <c>DELETE /_messages</c>,
/// <c>POST /_faults</c> <c>{ "status": 503, "count": 3, "retryAfter": 2, "to": "+14155550100" }</c> (<c>to</c> optional;
/// <c>count</c> 0 clears the fault it names), or <c>{ "delaySeconds": 15, "count": 1, "to": … }</c>: sends accepted but
/// answered late (a timeout at the sender after the provider took the message).
/// </summary>
public static partial class FakeAcsEndpoints
{
    private const string SmsMinimumApiVersion = "2021-03-07";
    private const string EmailMinimumApiVersion = "2023-03-31";

    public static IServiceCollection AddFakeAcs(this IServiceCollection services, FakeAcsOptions options)
    {
        services.TryAddSingleton(options);
        services.TryAddSingleton<FakeAcsState>();
        services.TryAddSingleton<HmacVerifier>();
        services.ConfigureHttpJsonOptions(json => json.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.CamelCase);
        return services;
    }

    public static IEndpointRouteBuilder MapFakeAcs(this IEndpointRouteBuilder app)
    {
        app.MapPost("/sms", SendSms);
        app.MapPost("/emails:send", SendEmail);
        app.MapGet("/emails/operations/{operationId}", GetEmailOperation);

        app.MapGet("/_messages", (string? to, FakeAcsState state) => Results.Ok(state.Messages(to)));
        app.MapDelete("/_messages", (FakeAcsState state) =>
        {
            state.Clear();
            return Results.NoContent();
        });
        app.MapPost("/_faults", (FaultRequest fault, FakeAcsState state) =>
        {
            if ((fault.Count > 0 && fault.DelaySeconds is null && fault.Status is < 400 or > 599) || fault.Count < 0)
            {
                return Error(400, "InvalidFault", "status must be 400-599 and count >= 0.");
            }
            if (fault.DelaySeconds is { } seconds)
            {
                if (seconds is < 0 or > 600)
                {
                    return Error(400, "InvalidFault", "delaySeconds must be 0-600.");
                }
                state.InjectDelay(TimeSpan.FromSeconds(seconds), fault.Count, fault.To);
                return Results.NoContent();
            }
            state.InjectFault(fault.Status, fault.Count, fault.RetryAfter, fault.To);
            return Results.NoContent();
        });
        return app;
    }

    private static async Task<IResult> SendSms(HttpContext http, FakeAcsState state, HmacVerifier verifier, FakeAcsOptions options, ILoggerFactory logs)
    {
        var (refusal, request) = await ReceiveAsync<SmsSendRequest>(http, state, verifier, SmsMinimumApiVersion, r => r?.SmsRecipients?.Select(s => s.To) ?? []);
        if (refusal is not null)
        {
            return refusal;
        }
        if (request is not { From.Length: > 0, Message: not null, SmsRecipients.Count: > 0 })
        {
            return Error(400, "BadRequest", "from, message and at least one of smsRecipients are required.");
        }
        var log = logs.CreateLogger("FakeAcs");
        var now = options.TimeProvider.GetUtcNow();
        var items = request.SmsRecipients.Select(recipient => state.SendSmsOnce(recipient.RepeatabilityRequestId, () =>
        {
            var to = recipient.To ?? "";
            if (!PhoneNumber().IsMatch(to))
            {
                return (new SmsResultItem(to, null, 400, Repeatability(recipient, "rejected"), false, "Invalid To phone number format."), null);
            }
            if (recipient.RepeatabilityRequestId is { } id && (!Guid.TryParse(id, out _) || !IsHttpDate(recipient.RepeatabilityFirstSent)))
            {
                return (new SmsResultItem(to, null, 400, "rejected", false,
                    "repeatabilityRequestId must be a GUID and repeatabilityFirstSent an RFC 1123 date."), null);
            }
            var messageId = $"Outgoing_{now.UtcDateTime.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture)}{Guid.NewGuid()}";
            LogAccepted(log, "SMS", messageId);
            return (new SmsResultItem(to, messageId, 202, Repeatability(recipient, "accepted"), true, null),
                new RecordedMessage("sms", to, request.Message, null, null, null, now, recipient.RepeatabilityRequestId, messageId,
                    request.SmsSendOptions?.Tag));
        })).ToList();
        await AnswerLateAsync(http, state, options, request.SmsRecipients.Select(r => r.To));
        return Results.Json(new SmsSendResponse(items), statusCode: 202);
    }

    private static async Task<IResult> SendEmail(HttpContext http, FakeAcsState state, HmacVerifier verifier, FakeAcsOptions options, ILoggerFactory logs)
    {
        var (refusal, request) = await ReceiveAsync<EmailSendRequest>(http, state, verifier, EmailMinimumApiVersion, AddressesOf);
        if (refusal is not null)
        {
            return refusal;
        }
        var recipients = AddressesOf(request);
        if (request is not { SenderAddress.Length: > 0, Content.Subject.Length: > 0 }
            || (request.Content.PlainText is null && request.Content.Html is null)
            || recipients.Count == 0 || recipients.Any(a => a is null || !a.Contains('@', StringComparison.Ordinal)))
        {
            return Error(400, "BadRequest", "senderAddress, content.subject, content.plainText or html, and valid recipients are required.");
        }
        var operationHeader = http.Request.Headers["Operation-Id"].ToString();
        if (operationHeader.Length > 0 && !Guid.TryParse(operationHeader, out _))
        {
            return Error(400, "BadRequest", "Operation-Id must be a GUID.");
        }
        var operationId = operationHeader.Length > 0 ? operationHeader : Guid.NewGuid().ToString();
        var now = options.TimeProvider.GetUtcNow();
        var operation = state.SendEmailOnce(operationId, () =>
        {
            LogAccepted(logs.CreateLogger("FakeAcs"), "Email", operationId);
            return [.. recipients.Select(to => new RecordedMessage(
                "email", to!, null, request.Content.Subject, request.Content.PlainText, request.Content.Html, now, null, operationId))];
        });
        await AnswerLateAsync(http, state, options, recipients);
        var apiVersion = http.Request.Query["api-version"].ToString();
        http.Response.Headers["Operation-Location"] =
            $"{http.Request.Scheme}://{http.Request.Host}/emails/operations/{operation.Id}?api-version={apiVersion}";
        return Results.Json(operation with { Status = "Running" }, statusCode: 202);
    }

    private static async Task<IResult> GetEmailOperation(HttpContext http, string operationId, FakeAcsState state, HmacVerifier verifier)
    {
        var (refusal, _) = await AuthenticateAsync(http, verifier, EmailMinimumApiVersion);
        if (refusal is not null)
        {
            return refusal;
        }
        return state.EmailOperation(operationId) is { } operation
            ? Results.Json(operation)
            : Error(404, "NotFound", $"Operation {operationId} was not found.");
    }

    /// <summary>Reads the body, then checks the signature (401, as ACS) and the api-version (400).</summary>
    /// <summary>
    /// What every send request goes through first: counted, authenticated, read, then answered with an injected fault for
    /// its recipients if one is waiting.
    /// </summary>
    private static async Task<(IResult? Refusal, T? Request)> ReceiveAsync<T>(
        HttpContext http, FakeAcsState state, HmacVerifier verifier, string minimumApiVersion, Func<T?, IEnumerable<string?>> recipients)
    {
        state.CountSendRequest();
        var (refusal, body) = await AuthenticateAsync(http, verifier, minimumApiVersion);
        if (refusal is not null)
        {
            return (refusal, default);
        }
        var request = Deserialize<T>(body);
        return state.TakeFault(recipients(request)) is { } fault ? (Fault(http, fault.Status, fault.RetryAfterSeconds), default) : (null, request);
    }

    private static List<string?> AddressesOf(EmailSendRequest? request) =>
        (request?.Recipients?.To ?? []).Concat(request?.Recipients?.Cc ?? []).Concat(request?.Recipients?.Bcc ?? []).Select(r => r.Address).ToList();

    private static async Task<(IResult? Refusal, byte[] Body)> AuthenticateAsync(HttpContext http, HmacVerifier verifier, string minimumApiVersion)
    {
        using var buffer = new MemoryStream();
        await http.Request.Body.CopyToAsync(buffer, http.RequestAborted);
        var body = buffer.ToArray();
        if (verifier.Verify(http.Request, body) is { } problem)
        {
            return (Error(401, "Denied", $"Denied by the resource provider: {problem}."), body);
        }
        var apiVersion = http.Request.Query["api-version"].ToString();
        if (!ApiVersion().IsMatch(apiVersion) || string.CompareOrdinal(apiVersion[..10], minimumApiVersion) < 0)
        {
            return (Error(400, "UnsupportedApiVersion", $"api-version '{apiVersion}' is not supported here (use {minimumApiVersion} or newer)."), body);
        }
        return (null, body);
    }

    /// <summary>Waits out an injected delay (<see cref="FakeAcsState.InjectDelay"/>) after the message was recorded; a client that gave up ends it.</summary>
    private static async Task AnswerLateAsync(HttpContext http, FakeAcsState state, FakeAcsOptions options, IEnumerable<string?> recipients)
    {
        if (state.TakeDelay(recipients) is { } delay)
        {
            try
            {
                await Task.Delay(delay, options.TimeProvider, http.RequestAborted);
            }
            catch (OperationCanceledException)
            {
            }
        }
    }

    private static IResult Fault(HttpContext http, int status, int? retryAfterSeconds)
    {
        if (retryAfterSeconds is { } seconds)
        {
            http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        }
        return Error(status, "InjectedFault", "A fault injected through POST /_faults.");
    }

    private static IResult Error(int status, string code, string message) =>
        Results.Json(new AcsErrorResponse(new AcsError(code, message)), statusCode: status);

    private static T? Deserialize<T>(byte[] body)
    {
        try
        {
            return JsonSerializer.Deserialize<T>(body, JsonSerializerOptions.Web);
        }
        catch (JsonException)
        {
            return default;
        }
    }

    private static string? Repeatability(SmsRecipient recipient, string result) => recipient.RepeatabilityRequestId is null ? null : result;

    private static bool IsHttpDate(string? value) =>
        DateTimeOffset.TryParseExact(value, "r", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out _);

    [GeneratedRegex(@"^\+[1-9]\d{6,14}$")]
    private static partial Regex PhoneNumber();

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}(-preview)?$")]
    private static partial Regex ApiVersion();

    [LoggerMessage(LogLevel.Information, "{Channel} accepted as {MessageId}; read it at GET /_messages")]
    private static partial void LogAccepted(ILogger logger, string channel, string messageId);
}
