using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using OtpSessions.Testing;
using Xunit;

namespace OtpSessions.EndToEnd.Tests.Deployment;

/// <summary>
/// The compiled ARM template of infra/main.bicep (built offline with the Bicep CLI from NuGet) and a small evaluator
/// of the ARM template language — enough to compute the function app's app settings with the template's default
/// parameters. What only Azure knows (a module's outputs, a resource's runtime properties such as a host name) is a
/// named stand-in the caller supplies; a value with no stand-in fails loudly, naming what is missing.
/// </summary>
public static class ArmTemplate
{
    private static readonly Lazy<Task<JsonObject>> Compiled = new(CompileAsync);

    public static Task<JsonObject> MainAsync() => Compiled.Value;

    /// <summary>
    /// The app settings (<c>Microsoft.Web/sites/config</c> <c>appsettings</c> of module <paramref name="module"/>), evaluated
    /// with <paramref name="parameters"/> for main.bicep's required parameters and the defaults for the rest.
    /// </summary>
    /// <param name="standIns">Runtime values: <c>{deployment}:{path}</c> for a module output (<c>storage:outputs.blobEndpoint.value</c>),
    /// <c>{resource type}:{path}</c> for a resource property (<c>Microsoft.Web/sites:defaultHostName</c>).</param>
    public static IReadOnlyDictionary<string, string> AppSettings(
        JsonObject main, string module, IReadOnlyDictionary<string, object?> parameters, IReadOnlyDictionary<string, string> standIns)
    {
        var mainScope = new Scope(main, parameters.ToDictionary(p => p.Key, p => new Lazy<object?>(p.Value)), standIns);
        var deployment = Resources(main).SingleOrDefault(r => (string?)r["type"] == "Microsoft.Resources/deployments" && (string?)r["name"] == module)
            ?? throw new InvalidOperationException($"module deployment '{module}' not found in main.bicep");
        // Evaluated when the module uses them: either { "value": … } or one expression that yields { value: … }.
        var moduleParameters = deployment["properties"]!["parameters"]!.AsObject().ToDictionary(p => p.Key, p => new Lazy<object?>(() =>
            mainScope.Evaluate(p.Value) is Dictionary<string, object?> wrapper && wrapper.TryGetValue("value", out var value)
                ? value
                : throw new InvalidOperationException($"module parameter {module}.{p.Key} has no value")));
        var template = deployment["properties"]!["template"]!.AsObject();
        var moduleScope = new Scope(template, moduleParameters, standIns);
        var config = Resources(template).SingleOrDefault(r => (string?)r["type"] == "Microsoft.Web/sites/config" && ((string?)r["name"])!.Contains("appsettings", StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"no appsettings config resource in module '{module}'");
        var settings = (Dictionary<string, object?>)moduleScope.Evaluate(config["properties"])!;
        return settings.ToDictionary(s => s.Key, s => Scope.Text(s.Value, standIns));
    }

    /// <summary>A template's resources (an array, or an object keyed by symbolic name).</summary>
    public static IEnumerable<JsonObject> Resources(JsonObject template) => template["resources"] switch
    {
        JsonArray array => array.Select(r => r!.AsObject()),
        JsonObject symbolic => symbolic.Select(r => r.Value!.AsObject()),
        _ => [],
    };

    private static async Task<JsonObject> CompileAsync()
    {
        var start = new ProcessStartInfo("bash", [Path.Combine(RepositoryRoot.Path, "infra", "tools", "bicep.sh"), "build",
            Path.Combine(RepositoryRoot.Path, "infra", "main.bicep"), "--stdout"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"bicep build failed: {await error}");
        return JsonNode.Parse(await output)!.AsObject();
    }

    /// <summary>A resource id as far as the evaluator needs it: its type and (last) name.</summary>
    private sealed record ResourceRef(string Type, string Name);

    /// <summary>A value only Azure knows at deployment time: the key of its stand-in.</summary>
    private sealed record StandIn(string Key)
    {
        public StandIn Member(string name) => new(Key.EndsWith(':') ? Key + name : Key + "." + name);
    }

    private sealed class Scope(JsonObject template, IReadOnlyDictionary<string, Lazy<object?>> given, IReadOnlyDictionary<string, string> standIns)
    {
        private readonly Dictionary<string, object?> _variables = [];

        public object? Evaluate(JsonNode? node) => node switch
        {
            null => null,
            JsonObject o => o.ToDictionary(p => p.Key, p => Evaluate(p.Value)),
            JsonArray a => a.Select(Evaluate).ToList(),
            JsonValue v when v.TryGetValue<string>(out var s) => EvaluateString(s),
            JsonValue v when v.TryGetValue<bool>(out var b) => b,
            JsonValue v when v.TryGetValue<long>(out var l) => l,
            JsonValue v => v.ToString(),
            _ => throw new InvalidOperationException($"unexpected JSON node {node.GetType().Name}"),
        };

        public static string Text(object? value, IReadOnlyDictionary<string, string> standIns) => value switch
        {
            null => "",
            string s => s,
            bool b => b ? "true" : "false",
            long l => l.ToString(CultureInfo.InvariantCulture),
            StandIn standIn => standIns.TryGetValue(standIn.Key, out var text)
                ? text
                : throw new InvalidOperationException($"no stand-in for '{standIn.Key}' (a value only Azure knows): add one to the test"),
            _ => throw new InvalidOperationException($"cannot use {value.GetType().Name} as text"),
        };

        private object? EvaluateString(string s)
        {
            if (s.StartsWith("[[", StringComparison.Ordinal))
            {
                return s[1..];
            }
            if (!(s.StartsWith('[') && s.EndsWith(']')))
            {
                return s;
            }
            var parser = new Parser(s[1..^1]);
            var expression = parser.ParseExpression();
            parser.ExpectEnd();
            return Run(expression);
        }

        private object? Parameter(string name)
        {
            if (given.TryGetValue(name, out var value))
            {
                return value.Value;
            }
            var declared = template["parameters"]?[name] ?? throw new InvalidOperationException($"parameter '{name}' is not declared");
            return declared["defaultValue"] is { } defaultValue
                ? Evaluate(defaultValue)
                : throw new InvalidOperationException($"parameter '{name}' has no value and no default");
        }

        private object? Variable(string name)
        {
            if (!_variables.TryGetValue(name, out var value))
            {
                value = Evaluate(template["variables"]?[name] ?? throw new InvalidOperationException($"variable '{name}' is not declared"));
                _variables[name] = value;
            }
            return value;
        }

        private object? Run(Node node) => node switch
        {
            Node.Literal literal => literal.Value,
            Node.Member member => Member(Run(member.Target), member.Name),
            Node.Index index => Member(Run(index.Target), Text(Run(index.Key), standIns)),
            Node.Call call => Call(call.Name.ToLowerInvariant(), call.Arguments),
            _ => throw new InvalidOperationException("unknown node"),
        };

        private static object? Member(object? target, string name) => target switch
        {
            Dictionary<string, object?> d => d.FirstOrDefault(p => p.Key.Equals(name, StringComparison.OrdinalIgnoreCase)) is { Key: not null } found
                ? found.Value
                : throw new InvalidOperationException($"no property '{name}'"),
            StandIn standIn => standIn.Member(name),
            _ => throw new InvalidOperationException($"cannot read '{name}' of {target?.GetType().Name ?? "null"}"),
        };

        private object? Call(string name, IReadOnlyList<Node> args)
        {
            object? Arg(int i) => Run(args[i]);
            string Str(int i) => Text(Arg(i), standIns);
            return name switch
            {
                "parameters" => Parameter(Str(0)),
                "variables" => Variable(Str(0)),
                "if" => Truthy(Arg(0)) ? Arg(1) : Arg(2),
                "not" => !Truthy(Arg(0)),
                "and" => args.All(a => Truthy(Run(a))),
                "or" => args.Any(a => Truthy(Run(a))),
                "equals" => Equals(Arg(0), Arg(1)),
                "empty" => Arg(0) switch
                {
                    null => true,
                    string s => s.Length == 0,
                    Dictionary<string, object?> d => d.Count == 0,
                    List<object?> l => l.Count == 0,
                    _ => false,
                },
                "string" => Arg(0) is string s ? s : Text(Arg(0), standIns),
                "tolower" => Str(0).ToLowerInvariant(),
                "toupper" => Str(0).ToUpperInvariant(),
                "concat" => string.Concat(args.Select((_, i) => Str(i))),
                "join" => string.Join(Str(1), ((List<object?>)Arg(0)!).Select(item => Text(item, standIns))),
                "format" => Format(Str(0), [.. args.Skip(1).Select(a => Text(Run(a), standIns))]),
                "take" => Str(0)[..Math.Min(Str(0).Length, (int)(long)Arg(1)!)],
                "uniquestring" => "standintoken01",
                "createobject" => Enumerable.Range(0, args.Count / 2).ToDictionary(i => Str(2 * i), i => Arg(2 * i + 1)),
                "union" => args.Select(Run).OfType<Dictionary<string, object?>>().SelectMany(d => d).GroupBy(p => p.Key).ToDictionary(g => g.Key, g => g.Last().Value),
                "subscription" => new Dictionary<string, object?> { ["subscriptionId"] = "00000000-0000-0000-0000-00000000aaaa", ["id"] = "/subscriptions/00000000-0000-0000-0000-00000000aaaa" },
                "tenant" => new Dictionary<string, object?> { ["tenantId"] = "00000000-0000-0000-0000-00000000bbbb" },
                "environment" => new Dictionary<string, object?>
                {
                    ["authentication"] = new Dictionary<string, object?> { ["loginEndpoint"] = "https://login.microsoftonline.com/" },
                },
                "resourceid" or "subscriptionresourceid" => new ResourceRef(Str(0), Str(args.Count - 1)),
                "extensionresourceid" => new ResourceRef(Str(1), Str(args.Count - 1)),
                "reference" => Arg(0) switch
                {
                    ResourceRef { Type: "Microsoft.Resources/deployments" } deployment => new StandIn(deployment.Name + ":"),
                    ResourceRef resource => new StandIn(resource.Type + ":"),
                    var other => throw new InvalidOperationException($"reference() of {other}"),
                },
                _ => throw new InvalidOperationException($"ARM function '{name}' is not supported by the test evaluator"),
            };
        }

        private static bool Truthy(object? value) => value switch
        {
            bool b => b,
            string s => bool.Parse(s),
            _ => throw new InvalidOperationException($"not a bool: {value}"),
        };

        private static string Format(string format, string[] args)
        {
            var text = new StringBuilder();
            for (var i = 0; i < format.Length; i++)
            {
                if (format[i] == '{' && format.IndexOf('}', i) is var end and > 0
                    && int.TryParse(format.AsSpan(i + 1, end - i - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var n))
                {
                    text.Append(args[n]);
                    i = end;
                }
                else
                {
                    text.Append(format[i]);
                }
            }
            return text.ToString();
        }
    }

    private abstract record Node
    {
        public sealed record Literal(object? Value) : Node;

        public sealed record Call(string Name, IReadOnlyList<Node> Arguments) : Node;

        public sealed record Member(Node Target, string Name) : Node;

        public sealed record Index(Node Target, Node Key) : Node;
    }

    /// <summary>expression := primary ( '.' name | '[' expression ']' )* ; primary := 'string' | number | name '(' arguments ')'.</summary>
    private sealed class Parser(string text)
    {
        private int _at;

        public Node ParseExpression()
        {
            var node = Primary();
            while (true)
            {
                SkipSpace();
                if (Peek('.'))
                {
                    _at++;
                    node = new Node.Member(node, Name());
                }
                else if (Peek('['))
                {
                    _at++;
                    var key = ParseExpression();
                    Expect(']');
                    node = new Node.Index(node, key);
                }
                else
                {
                    return node;
                }
            }
        }

        public void ExpectEnd()
        {
            SkipSpace();
            if (_at != text.Length)
            {
                throw new FormatException($"unexpected '{text[_at..]}' in [{text}]");
            }
        }

        private Node Primary()
        {
            SkipSpace();
            if (Peek('\''))
            {
                var value = new StringBuilder();
                _at++;
                while (true)
                {
                    if (text[_at] == '\'' && _at + 1 < text.Length && text[_at + 1] == '\'')
                    {
                        value.Append('\'');
                        _at += 2;
                    }
                    else if (text[_at] == '\'')
                    {
                        _at++;
                        return new Node.Literal(value.ToString());
                    }
                    else
                    {
                        value.Append(text[_at++]);
                    }
                }
            }
            if (char.IsDigit(text[_at]) || text[_at] == '-')
            {
                var start = _at++;
                while (_at < text.Length && char.IsDigit(text[_at]))
                {
                    _at++;
                }
                return new Node.Literal(long.Parse(text[start.._at], CultureInfo.InvariantCulture));
            }
            var name = Name();
            Expect('(');
            var arguments = new List<Node>();
            SkipSpace();
            if (!Peek(')'))
            {
                do
                {
                    arguments.Add(ParseExpression());
                    SkipSpace();
                }
                while (Peek(',') && _at++ >= 0);
            }
            Expect(')');
            return new Node.Call(name, arguments);
        }

        private string Name()
        {
            SkipSpace();
            var start = _at;
            while (_at < text.Length && (char.IsLetterOrDigit(text[_at]) || text[_at] == '_'))
            {
                _at++;
            }
            return start == _at ? throw new FormatException($"name expected at {_at} in [{text}]") : text[start.._at];
        }

        private void Expect(char c)
        {
            SkipSpace();
            if (!Peek(c))
            {
                throw new FormatException($"'{c}' expected at {_at} in [{text}]");
            }
            _at++;
        }

        private bool Peek(char c) => _at < text.Length && text[_at] == c;

        private void SkipSpace()
        {
            while (_at < text.Length && text[_at] == ' ')
            {
                _at++;
            }
        }
    }
}
