using System.Diagnostics;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace OtpSessions.FaultHarness.Scenarios;

/// <summary>
/// Scenario 5: a generated corpus of malformed requests over every endpoint — bad JSON, every field of every body with a
/// wrong type, missing and unknown fields, deep nesting, huge bodies, odd Unicode, forged and overlong tokens and ids,
/// wrong methods and content types, bad query values — sent 16 at a time. Promise: no 5xx, and every 4xx is problem JSON
/// with a <c>code</c>.
/// </summary>
public sealed class MalformedCorpusScenario(Harness harness, RunSettings settings)
{
    private sealed record Probe(string Kind, HttpMethod Method, string Path, AuthenticationHeaderValue? Auth, Func<HttpContent?> Body,
        (string Name, string Value)[]? Headers = null);

    private readonly Customers _customers = new(harness);
    private readonly List<Probe> _corpus = [];

    public async Task<ScenarioResult> RunAsync()
    {
        var began = Stopwatch.GetTimestamp();
        var team = "fault-team-" + Guid.NewGuid().ToString("N")[..6];
        var agentToken = harness.AgentToken("fault-corpus-agent");
        // An administrator governs its own team's policy only: the admin of the team whose policy the corpus aims at.
        var adminToken = harness.AgentToken("fault-admin", team, "admin");
        var agent = Customers.Bearer(agentToken);
        var admin = Customers.Bearer(adminToken);

        // Real ids and tokens to aim at: a session with a manual participant who opened the link and reached the OTP page.
        var participant = await _customers.StartAsync("fault-corpus-agent", auto: false, smsInvite: false, "corpus", TimeSpan.FromSeconds(30));
        var invite = await _customers.InviteTokenAsync(participant, TimeSpan.FromSeconds(60))
            ?? throw new InvalidOperationException("the corpus participant got no invitation");
        await harness.Api.SendAsync(HttpMethod.Get, "/api/join", Customers.Invite(invite), count: false);
        await harness.Api.SendAsync(HttpMethod.Post, "/api/join/otp", Customers.Invite(invite), count: false);
        var session = participant.SessionId;
        var pid = participant.ParticipantId;
        var inviteAuth = Customers.Invite(invite);

        var email = _customers.NewEmail("corpus-body");
        var phone = _customers.NewPhone();
        var createBody = $$$"""{"participants":[{"role":"primary","name":"Dana Cole","locale":"en","invite":{"channel":"email","address":"{{{email}}}"},"otp":{"channel":"sms","address":"{{{phone}}}"}}],"reference":"loan-8812"}""";
        var addBody = $$$"""{"role":"cosigner","name":"Lee Cole","invite":{"channel":"sms","address":"{{{phone}}}"},"otp":{"channel":"email","address":"{{{email}}}"}}""";
        var reassignBody = $$$"""{"name":"Lee Cole","invite":{"channel":"email","address":"{{{email}}}"},"otp":{"channel":"sms","address":"{{{phone}}}"}}""";
        var policyBody = """{"requireOtp":true,"codeLength":6,"maxAttempts":5,"lockoutSeconds":900,"allowedSmsCountries":["US","CA"],"allowEmailOtp":true}""";
        var webhookBody = $$$"""[{"id":"{{{Guid.NewGuid()}}}","topic":"/subscriptions/x","subject":"/phonenumber/{{{phone[1..]}}}","eventType":"Microsoft.Communication.SMSDeliveryReportReceived","eventTime":"2026-12-02T05:00:00Z","dataVersion":"1.0","data":{"messageId":"Outgoing_1","from":"+14155550000","to":"{{{phone}}}","deliveryStatus":"Delivered","deliveryStatusDetails":"No error.","receivedTimestamp":"2026-12-02T05:00:00Z"}}]""";
        var verifyBody = """{"code":"000000"}""";
        var tokenBody = """{"sub":"agent-x","team":"retail","roles":["supervisor"]}""";
        var key = harness.FunctionKey;

        var bodies = new (string Name, HttpMethod Method, string Path, AuthenticationHeaderValue? Auth, string Template)[]
        {
            ("start session", HttpMethod.Post, "/api/sessions", agent, createBody),
            ("add participant", HttpMethod.Post, $"/api/sessions/{session}/participants", agent, addBody),
            ("reassign", HttpMethod.Post, $"/api/sessions/{session}/participants/{pid}/reassign", agent, reassignBody),
            ("team policy", HttpMethod.Put, $"/api/admin/teams/{team}/policy", admin, policyBody),
            ("verify", HttpMethod.Post, "/api/join/otp/verify", inviteAuth, verifyBody),
            ("new link", HttpMethod.Post, "/api/join/new-link", inviteAuth, "{}"),
            ("webhook", HttpMethod.Post, $"/api/webhooks/acs?code={key}", null, webhookBody),
            ("dev agent token", HttpMethod.Post, "/api/dev/agent-token", null, tokenBody),
        };
        foreach (var (name, method, path, auth, template) in bodies)
        {
            AddBodyMutations(name, method, path, auth, template);
        }

        // Every route with ids, tokens and methods gone wrong.
        var routes = new (HttpMethod Method, string Path, string Kind)[]
        {
            (HttpMethod.Get, "/api/sessions", "agent"), (HttpMethod.Post, "/api/sessions", "agent"),
            (HttpMethod.Get, "/api/sessions/{s}", "agent"), (HttpMethod.Get, "/api/sessions/{s}/participants/{p}/otp", "agent"),
            (HttpMethod.Post, "/api/sessions/{s}/participants", "agent"), (HttpMethod.Post, "/api/sessions/{s}/participants/{p}/reassign", "agent"),
            (HttpMethod.Post, "/api/sessions/{s}/participants/{p}/invitation", "agent"), (HttpMethod.Post, "/api/sessions/{s}/close", "agent"),
            (HttpMethod.Get, "/api/policy", "agent"), (HttpMethod.Get, "/api/admin/teams/{t}/policy", "agent"), (HttpMethod.Put, "/api/admin/teams/{t}/policy", "agent"),
            (HttpMethod.Get, "/api/join", "invite"), (HttpMethod.Post, "/api/join/new-link", "invite"), (HttpMethod.Post, "/api/join/enter", "invite"),
            (HttpMethod.Post, "/api/join/otp", "invite"), (HttpMethod.Post, "/api/join/otp/resend", "invite"), (HttpMethod.Post, "/api/join/otp/verify", "invite"),
            (HttpMethod.Get, "/api/me", "access"), (HttpMethod.Post, "/api/me/sign-out", "access"),
            (HttpMethod.Post, "/api/webhooks/acs", "key"), (HttpMethod.Get, "/api/dev/outbox", "key"),
            (HttpMethod.Get, "/api/health", "none"), (HttpMethod.Get, "/api/openapi.json", "none"), (HttpMethod.Post, "/api/dev/agent-token", "none"),
        };
        var badIds = BadIds().ToList();
        foreach (var (method, path, kind) in routes)
        {
            var auths = kind switch
            {
                "agent" => ForgedBearers(agentToken),
                "invite" => ForgedInvites(invite),
                "access" => ForgedBearers(agentToken),
                _ => [null, Customers.Bearer("x")],
            };
            var concrete = Fill(path, session, pid, team);
            var emptyJson = () => (HttpContent?)Json("{}");
            foreach (var auth in auths)
            {
                Add("forged credentials", method, concrete + (kind == "key" ? "?code=" + key : ""), auth, emptyJson);
            }
            foreach (var wrong in new[] { HttpMethod.Get, HttpMethod.Post, HttpMethod.Put, HttpMethod.Delete, HttpMethod.Patch, HttpMethod.Options, new HttpMethod("PROPFIND") }
                .Where(m => m != method && !(m == HttpMethod.Post && method == HttpMethod.Put) && !(m == HttpMethod.Get && method == HttpMethod.Put)))
            {
                Add("wrong method", wrong, concrete, kind == "agent" ? agent : kind == "invite" ? inviteAuth : null, emptyJson);
            }
            if (path.Contains('{', StringComparison.Ordinal))
            {
                foreach (var id in badIds)
                {
                    Add("bad id", method, Fill(path, id, pid, id), agent, emptyJson);
                    if (path.Contains("{p}", StringComparison.Ordinal))
                    {
                        Add("bad id", method, Fill(path, session, id, team), agent, emptyJson);
                    }
                }
            }
            if (kind == "key")
            {
                foreach (var code in new[] { "", "wrong", new string('k', 5000), "%00", "%E2%80%AE", key + "x" })
                {
                    Add("bad function key", method, concrete + "?code=" + code, null, emptyJson);
                }
            }
        }
        foreach (var query in BadListQueries())
        {
            Add("bad query", HttpMethod.Get, "/api/sessions?" + query, agent, () => null);
        }
        foreach (var query in new[] { "sessionId=x", "sessionId=" + new string('s', 3000), "sessionId=%00", "sessionId=s_%27%20or%201%20eq%201" })
        {
            Add("bad query", HttpMethod.Get, $"/api/dev/outbox?code={key}&{query}", null, () => null);
        }
        foreach (var path in new[] { "/api/nothing", "/api/sessions/" + new string('a', 5000), "/api/join/otp/verify/extra", "/api/%2e%2e/%2e%2e/etc/passwd", "/api/sessions//close", "/api/" })
        {
            Add("unknown path", HttpMethod.Get, path, agent, () => null);
            Add("unknown path", HttpMethod.Post, path, agent, () => Json("{}"));
        }

        // The corpus, shuffled, 16 at a time.
        var corpus = settings.Quick ? _corpus.OrderBy(_ => RandomNumberGenerator.GetInt32(int.MaxValue)).Take(Math.Max(2000, _corpus.Count / 2)).ToList() : _corpus;
        var byKind = new Dictionary<string, int>();
        var next = -1;
        var refusals = 0;
        await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < corpus.Count)
            {
                var probe = corpus[i];
                var answer = await harness.Api.SendRawAsync(probe.Method, probe.Path, probe.Auth, probe.Body(), headers: probe.Headers);
                if (answer.Status is >= 400 and < 500)
                {
                    Interlocked.Increment(ref refusals);
                }
            }
        })));
        foreach (var probe in corpus)
        {
            byKind[probe.Kind] = byKind.GetValueOrDefault(probe.Kind) + 1;
        }

        var problems = harness.Api.ServerErrors.Select(e => "5xx: " + e).Concat(harness.Api.NotProblems.Select(e => "not problem JSON: " + e)).ToList();
        var statuses = string.Join(" ", harness.Api.ByStatus.OrderBy(s => s.Key).Select(s => $"{s.Key}×{s.Value}"));
        return new ScenarioResult(5, "malformed requests", Lost: 0, Duplicated: 0, harness.Api.Count5xx, MaxRecovery: null,
            $"{corpus.Count} requests ({string.Join(", ", byKind.OrderByDescending(k => k.Value).Select(k => $"{k.Key} {k.Value}"))}); answers {statuses}; not problem JSON {harness.Api.NotProblems.Count}; refused by Kestrel itself before any app code (no body: a request target it cannot parse, e.g. %00) {harness.Api.RefusedByServer.Count}",
            problems, Stopwatch.GetElapsedTime(began));
    }

    private void Add(string kind, HttpMethod method, string path, AuthenticationHeaderValue? auth, Func<HttpContent?> body, (string, string)[]? headers = null) =>
        _corpus.Add(new Probe(kind, method, path, auth, body, headers));

    private static ByteArrayContent Raw(string text, string contentType)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(text));
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        return content;
    }

    private static StringContent Json(string text, string mediaType = "application/json") => new(text, Encoding.UTF8, mediaType);

    private static string Fill(string path, string session, string participant, string team) =>
        path.Replace("{s}", session, StringComparison.Ordinal).Replace("{p}", participant, StringComparison.Ordinal).Replace("{t}", team, StringComparison.Ordinal);

    /// <summary>Mutations of one JSON body: broken JSON, each value replaced by each odd value, fields dropped and added, nesting, size, content types.</summary>
    private void AddBodyMutations(string name, HttpMethod method, string path, AuthenticationHeaderValue? auth, string template)
    {
        foreach (var broken in BrokenJson(template))
        {
            Add("bad JSON", method, path, auth, () => Json(broken));
        }
        Add("bad JSON", method, path, auth, () => new ByteArrayContent([0xEF, 0xBB, 0xBF, 0xC0, 0xAF, 0xFF, 0xFE, 0x7B]) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } });
        Add("bad JSON", method, path, auth, () => new ByteArrayContent(Encoding.UTF8.GetBytes(template).Concat(new byte[] { 0xC3, 0x28 }).ToArray()) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } });

        var root = JsonNode.Parse(template)!;
        var paths = Paths(root, "").ToList();
        foreach (var target in paths)
        {
            foreach (var value in OddValues())
            {
                var copy = root.DeepClone();
                Replace(copy, target, value?.DeepClone());
                var text = copy.ToJsonString().Replace("\"" + LoneSurrogate + "\"", "\"a\\ud800b\"", StringComparison.Ordinal);
                Add(value is JsonValue v && v.TryGetValue<string>(out var s) && IsOddUnicode(s) ? "odd Unicode" : "wrong type", method, path, auth, () => Json(text));
            }
            var without = root.DeepClone();
            if (Remove(without, target))
            {
                var text = without.ToJsonString();
                Add("missing field", method, path, auth, () => Json(text));
            }
        }
        foreach (var extra in new[] { """{"__proto__":{"admin":true}}""", """{"unknownField":1}""", """{"$type":"System.IO.FileInfo"}""" })
        {
            if (root is JsonObject o)
            {
                var copy = o.DeepClone().AsObject();
                foreach (var (k, v) in JsonNode.Parse(extra)!.AsObject())
                {
                    copy[k] = v?.DeepClone();
                }
                var text = copy.ToJsonString();
                Add("unknown field", method, path, auth, () => Json(text));
            }
        }
        foreach (var depth in new[] { 64, 65, 1000, 100_000 })
        {
            var arrays = new string('[', depth) + new string(']', depth);
            var objects = string.Concat(Enumerable.Repeat("{\"a\":", depth)) + "1" + new string('}', depth);
            Add("deep nesting", method, path, auth, () => Json(arrays));
            Add("deep nesting", method, path, auth, () => Json(objects));
            foreach (var target in paths.Take(4))
            {
                var copy = root.DeepClone();
                var nested = depth <= 1000 ? JsonNode.Parse(arrays, documentOptions: new System.Text.Json.JsonDocumentOptions { MaxDepth = 2000 }) : null;
                if (nested is null)
                {
                    continue;
                }
                Replace(copy, target, nested);
                var text = copy.ToJsonString(new System.Text.Json.JsonSerializerOptions { MaxDepth = 3000 });
                Add("deep nesting", method, path, auth, () => Json(text));
            }
        }
        foreach (var size in new[] { 64 * 1024 + 1, 200_000, 3_000_000 })
        {
            var huge = template.Length > 2 && template[0] == '{'
                ? "{\"pad\":\"" + new string('x', size) + "\"," + template[1..]
                : "[\"" + new string('x', size) + "\"]";
            Add("huge body", method, path, auth, () => Json(huge));
            Add("huge body", method, path, auth, () => Json(new string(' ', size) + template));
        }
        Add("huge body", method, path, auth, () => new StreamContent(new MemoryStream(new byte[5_000_000])) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } });
        foreach (var mediaType in new[] { "text/plain", "application/xml", "application/x-www-form-urlencoded", "multipart/form-data", "application/json-patch+json", "application/problem+json" })
        {
            Add("content type", method, path, auth, () => Json(template, mediaType));
        }
        Add("content type", method, path, auth, () => new StringContent(template, Encoding.Unicode, "application/json"));
        Add("content type", method, path, auth, () => new ByteArrayContent(Encoding.UTF8.GetBytes(template)));
        Add("content type", method, path, auth, () => Raw(template, "application/json; charset=ebcdic"));
        Add("content type", method, path, auth, () => Raw(template, ";;;"));
        Add("content type", method, path, auth, () => Raw(template, "application/json; charset=utf-8; charset=latin1"));
        Add("content type", method, path, auth, () => null);
    }

    private static IEnumerable<string> BrokenJson(string template) =>
    [
        "", " ", "{", "}", "[", "nul", "null", "true", "0", "\"text\"", "{'a':1}", "{\"a\":}", "{\"a\" 1}", "{\"a\":1,}", "[1,]",
        "{\"a\":NaN}", "{\"a\":Infinity}", "{\"a\":01}", "{\"a\":\"\\x41\"}", "{\"a\":\"\\u12\"}", "{\"a\":\"unterminated}", "\u0000",
        "{\"a\":1}{\"b\":2}", "/* comment */ {}", template[..(template.Length / 2)], template + "}", template.Replace("\"", "'", StringComparison.Ordinal),
        template.Replace(":", "=", StringComparison.Ordinal), "\uFEFF" + template, template + "\u0000", "[" + template + "]",
        "{\"a\":\"\\ud800\"}", "{\"\\ud800\":1}", "{\"a\":1e999999}", "{\"a\":-1e-999999}", "{\"a\":123456789012345678901234567890}",
    ];

    private static IEnumerable<JsonNode?> OddValues() =>
    [
        null, JsonValue.Create(0), JsonValue.Create(-1), JsonValue.Create(1.5), JsonValue.Create(1e308), JsonValue.Create(long.MaxValue),
        JsonValue.Create(true), JsonValue.Create(""), JsonValue.Create(new string('x', 10_000)), new JsonArray(), new JsonObject(),
        new JsonArray(JsonValue.Create(1), JsonValue.Create("a")), JsonValue.Create("\u0000"), JsonValue.Create("\u202Eevil\u202C"),
        JsonValue.Create("e\u0301\u0301\u0301" + string.Concat(Enumerable.Repeat("\u0300", 500))), JsonValue.Create("𝔇𝔞𝔫𝔞 👩‍👩‍👧‍👦"),
        JsonValue.Create("\uFFFF\uFFFE"), JsonValue.Create("\u200B\u200D\uFEFF"), JsonValue.Create("' or 1 eq 1 or ''='"), JsonValue.Create("<script>alert(1)</script>"),
        JsonValue.Create("x@example.com\r\nBcc: y@example.com"), JsonValue.Create(LoneSurrogate), JsonValue.Create("+1415555"), JsonValue.Create("PRIMARY"), JsonValue.Create("sms "),
    ];

    /// <summary>Replaced in the JSON text by an unpaired surrogate escape (no writer produces one).</summary>
    private const string LoneSurrogate = "LONE-SURROGATE-ESCAPE";

    private static bool IsOddUnicode(string value) => value == LoneSurrogate || value.Any(c => c > 127 || char.IsControl(c));

    private static IEnumerable<string> Paths(JsonNode node, string prefix)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (k, v) in o)
                {
                    var path = prefix + "/" + k;
                    yield return path;
                    if (v is not null)
                    {
                        foreach (var inner in Paths(v, path))
                        {
                            yield return inner;
                        }
                    }
                }
                break;
            case JsonArray a:
                for (var i = 0; i < a.Count; i++)
                {
                    var path = prefix + "/" + i;
                    yield return path;
                    if (a[i] is { } v)
                    {
                        foreach (var inner in Paths(v, path))
                        {
                            yield return inner;
                        }
                    }
                }
                break;
        }
    }

    private static (JsonNode Parent, string Key)? Locate(JsonNode root, string path)
    {
        var parts = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var node = root;
        foreach (var part in parts[..^1])
        {
            node = node is JsonArray a ? a[int.Parse(part, System.Globalization.CultureInfo.InvariantCulture)]! : node[part]!;
        }
        return (node, parts[^1]);
    }

    private static void Replace(JsonNode root, string path, JsonNode? value)
    {
        var (parent, key) = Locate(root, path)!.Value;
        if (parent is JsonArray array)
        {
            array[int.Parse(key, System.Globalization.CultureInfo.InvariantCulture)] = value;
        }
        else
        {
            parent[key] = value;
        }
    }

    private static bool Remove(JsonNode root, string path)
    {
        var (parent, key) = Locate(root, path)!.Value;
        if (parent is JsonArray array)
        {
            array.RemoveAt(int.Parse(key, System.Globalization.CultureInfo.InvariantCulture));
            return true;
        }
        return parent.AsObject().Remove(key);
    }

    private static IEnumerable<string> BadIds() =>
    [
        "x", "s_", "s_" + Guid.NewGuid().ToString("N"), "p_" + Guid.NewGuid().ToString("N"), new string('s', 1000), "s_" + new string('a', 300),
        "%00", "%2F", "..", "%2E%2E", "%E2%80%AE", "%F0%9F%98%80", "s_%27%20or%201%20eq%201", "%25", "%C0%AF", "a%20b", "%7B%7D", "S_UPPER",
        "s_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(40)),
    ];

    private static IEnumerable<string> BadListQueries() =>
    [
        "limit=abc", "limit=-1", "limit=0", "limit=101", "limit=99999999999999999999", "limit=1.5", "limit=", "limit=1&limit=2", "status=open",
        "status=", "status=ACTIVE", "status=%00", "reference=" + new string('r', 5000), "reference=%E2%80%AE", "continuationToken=garbage",
        "continuationToken=" + new string('A', 4000), "continuationToken=%00%01", "continuationToken=eyJhIjoxfQ", "continuationToken=" +
        Convert.ToBase64String(Encoding.UTF8.GetBytes("{\"nextPartitionKey\":\"'\",\"nextRowKey\":null}")), "continuationToken=" +
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(300)), "continuationToken=%7B%22pk%22%3A1%7D",
    ];

    private static IEnumerable<AuthenticationHeaderValue?> ForgedInvites(string invite) =>
    [
        null, new("Invite", ""), new("Invite", "x"), new("Invite", Base64Url(16)), new("Invite", Base64Url(32)), new("Invite", Base64Url(6000)),
        new("Invite", invite + "A"), new("Invite", invite[..^1]), new("Invite", invite.ToUpperInvariant()), new("Invite", "%00" + invite),
        new("Invite", invite + " " + invite), new("invite", invite.Replace('-', '+')), new("Bearer", invite), new("Basic", "dXNlcjpwYXNz"),
    ];

    private static IEnumerable<AuthenticationHeaderValue?> ForgedBearers(string agentToken)
    {
        var parts = agentToken.Split('.');
        string Segment(string json) => Convert.ToBase64String(Encoding.UTF8.GetBytes(json)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        return
        [
            null, new("Bearer", ""), new("Bearer", "x"), new("Bearer", "a.b.c"), new("Bearer", agentToken + "x"), new("Bearer", parts[0] + "." + parts[1] + "."),
            new("Bearer", Segment("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + parts[1] + "."), new("Bearer", parts[0] + "." + Segment("{\"sub\":\"agent-x\",\"exp\":1}") + "." + parts[2]),
            new("Bearer", parts[0] + "." + Segment("{\"sub\":" + new string('[', 5000) + "}") + "." + parts[2]), new("Bearer", Base64Url(12_000)),
            new("Bearer", string.Join('.', Enumerable.Repeat(parts[1], 40))), new("Bearer", "ey" + new string('.', 5000)), new("Invite", agentToken),
            new("bearer", agentToken.ToUpperInvariant()), new("Bearer", agentToken + " " + agentToken),
        ];
    }

    private static string Base64Url(int bytes) =>
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(bytes)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
