using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace OtpSessions.FaultHarness;

/// <summary>One answer of the app: status, media type, body, and whether an error body was problem JSON with a <c>code</c>.</summary>
/// <param name="ByApp">The answer carries the headers the app (and the local host) put on every response it writes; one without
/// them was written by the web server itself (Kestrel refusing a request it could not parse, before any app code).</param>
public sealed record Answer(int Status, string? MediaType, string Body, TimeSpan Took, bool ByApp = true)
{
    public bool IsProblem => MediaType == "application/problem+json" && ProblemCode is not null;

    public string? ProblemCode
    {
        get
        {
            try
            {
                using var document = JsonDocument.Parse(Body);
                return document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("code", out var code)
                    && code.ValueKind == JsonValueKind.String ? code.GetString() : null;
            }
            catch (JsonException)
            {
                return null;
            }
        }
    }

    public JsonElement Json => JsonDocument.Parse(Body).RootElement;
}

/// <summary>
/// The harness's HTTP client for the app. Counts every answer by status (per scenario: <see cref="Reset"/>) and keeps the
/// 5xx answers and the error answers that are not problem JSON, so each scenario can report them. A request the server
/// did not answer at all (connection refused, reset) counts as status 0.
/// </summary>
public sealed class Api(Uri baseUrl) : IDisposable
{
    private readonly HttpClient _http = new(new SocketsHttpHandler { MaxConnectionsPerServer = 512, PooledConnectionLifetime = TimeSpan.FromMinutes(1) })
    {
        BaseAddress = baseUrl,
        Timeout = TimeSpan.FromSeconds(100),
    };

    private ConcurrentDictionary<int, int> _byStatus = new();
    private ConcurrentQueue<string> _serverErrors = new();
    private ConcurrentQueue<string> _notProblems = new();
    private ConcurrentQueue<string> _refusedByServer = new();

    public IReadOnlyDictionary<int, int> ByStatus => _byStatus;

    /// <summary>Each 5xx answer: method, path, status and problem code.</summary>
    public IReadOnlyCollection<string> ServerErrors => _serverErrors;

    /// <summary>Each 4xx/5xx answer that was not problem JSON with a <c>code</c>.</summary>
    public IReadOnlyCollection<string> NotProblems => _notProblems;

    /// <summary>4xx answers Kestrel wrote itself (no app headers, no body): requests it refused to parse.</summary>
    public IReadOnlyCollection<string> RefusedByServer => _refusedByServer;

    public int Count5xx => _byStatus.Where(s => s.Key >= 500).Sum(s => s.Value);

    public void Reset()
    {
        _byStatus = new();
        _serverErrors = new();
        _notProblems = new();
        _refusedByServer = new();
    }

    public Task<Answer> SendAsync(HttpMethod method, string path, AuthenticationHeaderValue? authorization = null, object? json = null,
        bool count = true, IEnumerable<(string Name, string Value)>? headers = null)
    {
        HttpContent? content = json is null ? null : new StringContent(JsonSerializer.Serialize(json), Encoding.UTF8, "application/json");
        return SendRawAsync(method, path, authorization, content, count, headers);
    }

    public async Task<Answer> SendRawAsync(HttpMethod method, string path, AuthenticationHeaderValue? authorization, HttpContent? content,
        bool count = true, IEnumerable<(string Name, string Value)>? headers = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        request.Headers.Authorization = authorization;
        foreach (var (name, value) in headers ?? [])
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }
        var began = Stopwatch.GetTimestamp();
        Answer answer;
        try
        {
            using var response = await _http.SendAsync(request);
            answer = new Answer((int)response.StatusCode, response.Content.Headers.ContentType?.MediaType,
                await response.Content.ReadAsStringAsync(), Stopwatch.GetElapsedTime(began), response.Headers.Contains("X-Content-Type-Options"));
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            // No answer: the connection failed, or none came within the client's timeout (100 s).
            answer = new Answer(0, null, e.Message, Stopwatch.GetElapsedTime(began));
        }
        if (count)
        {
            _byStatus.AddOrUpdate(answer.Status, 1, (_, n) => n + 1);
            if (answer.Status >= 500)
            {
                _serverErrors.Enqueue($"{method} {Shorten(path)} → {answer.Status} {answer.ProblemCode}");
            }
            if (answer.Status is >= 400 and < 500 && !answer.ByApp && answer.Body.Length == 0)
            {
                _refusedByServer.Enqueue($"{method} {Shorten(path)} → {answer.Status}");
            }
            else if (answer.Status >= 400 && !answer.IsProblem)
            {
                _notProblems.Enqueue($"{method} {Shorten(path)} → {answer.Status} {answer.MediaType}: {Shorten(answer.Body)}");
            }
        }
        return answer;
    }

    private static string Shorten(string text) => text.Length <= 120 ? text : text[..120] + "…";

    public void Dispose() => _http.Dispose();
}
