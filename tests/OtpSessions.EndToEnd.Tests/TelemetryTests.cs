using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using OtpSessions.Testing;
using Xunit;
using static OtpSessions.EndToEnd.Tests.CustomerTestKit;

namespace OtpSessions.EndToEnd.Tests;

/// <summary>
/// What the app's OpenTelemetry pipeline exports, captured by an in-memory exporter beside the app's own: one trace from
/// the OTP page request through the <c>otp-deliveries</c> queue to the ACS send, the trace id in every problem response
/// and the <c>traceresponse</c> header, and no token, code or address in anything exported.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class TelemetryTests(AppFixture app)
{
    private readonly CustomerTestKit _kit = new(app);

    [Fact]
    public async Task One_trace_runs_from_the_otp_page_request_through_the_queue_to_the_acs_send()
    {
        var phone = NewPhone();
        var email = NewEmail("trace");
        using var agent = app.Agent(NewAgentId());
        await StartAsync(agent, Person("primary", "Dana Cole", Contact("email", email), Contact("sms", phone)));
        var invite = await _kit.InviteTokenAsync(email);

        using var otpPage = await _kit.RequestOtpAsync(invite);
        Assert.Equal(HttpStatusCode.OK, otpPage.StatusCode);
        var traceId = TraceIdOf(otpPage);
        await _kit.CodeAsync(phone, 1);

        var spans = await Poll.UntilAsync(() => Task.FromResult(app.Telemetry.InTrace(traceId)),
            s => s.Any(IsAcsSend) && s.Any(a => a.Kind == ActivityKind.Server && Tag(a, "url.path") == "/api/join/otp")
                && s.Any(a => a.DisplayName == "otp-deliveries process"),
            "the OTP page request, the queue processing and the ACS send in one trace");
        var request = Assert.Single(spans, a => a.Kind == ActivityKind.Server && Tag(a, "url.path") == "/api/join/otp");
        var process = Assert.Single(spans, a => a.Kind == ActivityKind.Consumer && a.DisplayName == "otp-deliveries process");
        var send = Assert.Single(spans, IsAcsSend);
        Assert.True(IsAncestor(request, process, spans), "the queue processing is not a descendant of the OTP page request");
        Assert.True(IsAncestor(process, send, spans), "the ACS call is not a descendant of the queue processing");
        // The Azure SDK's own span of the enqueue (the message carries this trace's context).
        Assert.Contains(spans, a => a.Source.Name.StartsWith("Azure.Storage.Queues", StringComparison.Ordinal)
            && a.DisplayName == "QueueClient.SendMessage" && IsAncestor(request, a, spans));
    }

    [Fact]
    public async Task A_problem_response_carries_the_trace_id_of_its_request_in_the_body_and_the_header()
    {
        using var response = await _kit.OpenAsync("not-a-valid-invite-token-at-all");

        var problem = await ProblemAsync(response, HttpStatusCode.NotFound, "link_invalid");
        var traceId = TraceIdOf(response);
        Assert.Equal(traceId, Text(problem["traceId"]));
        Assert.Matches("^[0-9a-f]{32}$", traceId);
        var spans = await Poll.UntilAsync(() => Task.FromResult(app.Telemetry.InTrace(traceId)), s => s.Count > 0, "the request's span");
        Assert.Contains(spans, a => a.Kind == ActivityKind.Server && Tag(a, "url.path") == "/api/join");
    }

    [Fact]
    public async Task No_token_code_or_address_appears_in_any_exported_span()
    {
        var phone = NewPhone();
        var email = NewEmail("secrets");
        var agentToken = app.AgentToken(NewAgentId());
        using var agent = new HttpClient { BaseAddress = app.BaseUrl };
        agent.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", agentToken);
        await StartAsync(agent, Person("primary", "Dana Cole", Contact("email", email), Contact("sms", phone)));
        var invite = await _kit.InviteTokenAsync(email);
        using var otpPage = await _kit.RequestOtpAsync(invite);
        var code = await _kit.CodeAsync(phone, 1);
        using var verified = await _kit.VerifyAsync(invite, code);
        var accessToken = Text((await JsonAsync(verified, HttpStatusCode.OK))["accessToken"]);
        using var me = await _kit.MeAsync(accessToken);
        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
        var traceId = TraceIdOf(me);
        await Poll.UntilAsync(() => Task.FromResult(app.Telemetry.InTrace(traceId)), s => s.Count > 0, "the last request's span");

        var secrets = new[] { agentToken, invite, accessToken, code, phone, email, phone.TrimStart('+') };
        var exported = app.Telemetry.Snapshot();
        Assert.NotEmpty(exported);
        foreach (var span in exported)
        {
            foreach (var text in Texts(span))
            {
                foreach (var secret in secrets)
                {
                    Assert.False(text.Contains(secret, StringComparison.Ordinal),
                        $"span '{span.DisplayName}' ({span.Source.Name}) exports a secret in '{text}'");
                }
            }
            Assert.DoesNotContain(span.TagObjects, t => t.Key.Contains("authorization", StringComparison.OrdinalIgnoreCase));
        }
    }

    private bool IsAcsSend(Activity activity) =>
        activity.Kind == ActivityKind.Client
        && Tag(activity, "http.request.method") == "POST"
        && Tag(activity, "server.port") == app.Acs.BaseUrl.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static string TraceIdOf(HttpResponseMessage response)
    {
        Assert.True(response.Headers.TryGetValues("traceresponse", out var values), "no traceresponse header");
        var parts = values.Single().Split('-');
        Assert.Equal(4, parts.Length);
        return parts[1];
    }

    private static string? Tag(Activity activity, string name) => activity.GetTagItem(name)?.ToString();

    /// <summary>Whether <paramref name="ancestor"/> is on <paramref name="descendant"/>'s parent chain within <paramref name="spans"/>.</summary>
    private static bool IsAncestor(Activity ancestor, Activity descendant, IReadOnlyList<Activity> spans)
    {
        var current = descendant;
        for (var depth = 0; depth < 32; depth++)
        {
            if (current.ParentSpanId == ancestor.SpanId)
            {
                return true;
            }
            var parent = spans.FirstOrDefault(a => a.SpanId == current.ParentSpanId);
            if (parent is null)
            {
                return false;
            }
            current = parent;
        }
        return false;
    }

    /// <summary>Every text a span exports: its name, status, tag values, event names and attributes, link and baggage values.</summary>
    private static IEnumerable<string> Texts(Activity span)
    {
        yield return span.DisplayName;
        yield return span.OperationName;
        if (span.StatusDescription is { } status)
        {
            yield return status;
        }
        foreach (var tag in span.TagObjects)
        {
            yield return $"{tag.Key}={tag.Value}";
        }
        foreach (var e in span.Events)
        {
            yield return e.Name;
            foreach (var tag in e.Tags)
            {
                yield return $"{tag.Key}={tag.Value}";
            }
        }
        foreach (var link in span.Links)
        {
            foreach (var tag in link.Tags ?? [])
            {
                yield return $"{tag.Key}={tag.Value}";
            }
        }
        foreach (var item in span.Baggage)
        {
            yield return $"{item.Key}={item.Value}";
        }
    }
}
