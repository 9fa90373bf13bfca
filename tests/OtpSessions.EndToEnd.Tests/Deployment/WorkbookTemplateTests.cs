using System.Reflection;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using Xunit;

namespace OtpSessions.EndToEnd.Tests.Deployment;

/// <summary>
/// infra/app/workbook.bicep as compiled, held against what the app emits: the workbook is on the Application Insights
/// component, its log-line patterns match the app's own <c>[LoggerMessage]</c> templates, and each function it names
/// has the route it matches by path. A change to a log line, a function name or a route turns this red.
/// </summary>
public sealed partial class WorkbookTemplateTests
{
    [Fact]
    public async Task The_workbook_is_a_shared_workbook_on_the_application_insights_component()
    {
        var module = await WorkbookModuleAsync();

        var workbook = ArmTemplate.Resources(Template(module)).Single(r => (string?)r["type"] == "Microsoft.Insights/workbooks");
        Assert.Equal("shared", (string?)workbook["kind"]);
        Assert.Contains("Microsoft.Insights/components", (string?)workbook["properties"]!["sourceId"], StringComparison.Ordinal);
        Assert.StartsWith("[string(variables('workbook'))", (string?)workbook["properties"]!["serializedData"], StringComparison.Ordinal);
        Assert.Equal("[reference(extensionResourceId(format('/subscriptions/{0}/resourceGroups/{1}', subscription().subscriptionId, "
            + "if(not(empty(parameters('resourceGroupName'))), parameters('resourceGroupName'), format('{0}{1}', variables('abbrs').resourcesResourceGroups, "
            + "parameters('environmentName')))), 'Microsoft.Resources/deployments', 'monitoring'), '2025-04-01').outputs.applicationInsightsName.value]",
            (string?)module["properties"]!["parameters"]!["applicationInsightsName"]!["value"]);
    }

    [Fact]
    public async Task Every_log_line_pattern_of_the_workbook_matches_a_log_message_of_the_app()
    {
        var variables = Template(await WorkbookModuleAsync())["variables"]!.AsObject();
        var messages = AppLogMessages();

        var patterns = variables.Select(v => v.Value).OfType<JsonValue>().Select(v => (string)v!)
            .SelectMany(query => MatchesRegex().Matches(query).Select(m => m.Groups["pattern"].Value.Replace("\"\"", "\"", StringComparison.Ordinal)))
            .ToList();
        Assert.Equal(2, patterns.Count);
        foreach (var pattern in patterns)
        {
            Assert.True(messages.Any(m => Regex.IsMatch(m, pattern)), $"no log message of the app matches the workbook's pattern {pattern}");
        }
        // The outcomes the ACS send lines are sorted into.
        var channelOutcomes = (string)variables["channelOutcomes"]!;
        foreach (var phrase in HasPhrase().Matches(channelOutcomes).Select(m => m.Groups["phrase"].Value))
        {
            Assert.True(messages.Any(m => (m.StartsWith("SMS", StringComparison.Ordinal) || m.StartsWith("Email", StringComparison.Ordinal))
                && m.Contains(phrase, StringComparison.Ordinal)), $"no ACS send line of the app says \"{phrase}\"");
        }
        Assert.Contains(messages, m => Regex.IsMatch(m, @"^otp-deliveries: .+ of participant .+ in session .+: Sent, "));
    }

    [Fact]
    public async Task Every_function_the_workbook_names_has_the_route_it_matches()
    {
        var appRequests = (string)Template(await WorkbookModuleAsync())["variables"]!["appRequests"]!;
        var routes = HttpRoutes();

        var pairs = NameAndPath().Matches(appRequests).Select(m => (Name: m.Groups["name"].Value, Path: m.Groups["path"].Value)).ToList();
        Assert.Equal(9, pairs.Count);
        foreach (var (name, path) in pairs)
        {
            Assert.True(routes.TryGetValue(name, out var route), $"the app has no HTTP function {name}");
            Assert.Equal(path, "/api/" + route);
        }
    }

    private static async Task<JsonObject> WorkbookModuleAsync() =>
        ArmTemplate.Resources(await ArmTemplate.MainAsync())
            .Single(r => (string?)r["type"] == "Microsoft.Resources/deployments" && (string?)r["name"] == "workbook");

    private static JsonObject Template(JsonObject module) => module["properties"]!["template"]!.AsObject();

    private static readonly string[] AppAssemblies = ["OtpSessions.Functions", "OtpSessions.Infrastructure", "OtpSessions.Core"];

    /// <summary>Every [LoggerMessage] template of the app, its placeholders filled (a queue name, a status, else a token).</summary>
    private static List<string> AppLogMessages() =>
        AppAssemblies.Select(Assembly.Load)
            .SelectMany(a => a.GetTypes())
            .SelectMany(t => t.GetMethods(BindingFlags.Static | BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            .Select(m => m.GetCustomAttribute<LoggerMessageAttribute>()?.Message)
            .OfType<string>()
            .SelectMany(template => new[] { "invitations", "otp-deliveries" }.Select(queue => Placeholder().Replace(template, p => p.Value switch
            {
                "{Queue}" => queue,
                "{Status}" => "Sent",
                _ => "x1",
            })))
            .Distinct()
            .ToList();

    /// <summary>HTTP functions by name → route, from their [Function] and [HttpTrigger] attributes.</summary>
    private static Dictionary<string, string> HttpRoutes() =>
        Assembly.Load("OtpSessions.Functions").GetTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Instance | BindingFlags.Static | BindingFlags.Public | BindingFlags.DeclaredOnly))
            .Select(m => (Function: m.GetCustomAttributes().FirstOrDefault(a => a.GetType().Name == "FunctionAttribute"),
                Trigger: m.GetParameters().SelectMany(p => p.GetCustomAttributes()).FirstOrDefault(a => a.GetType().Name == "HttpTriggerAttribute")))
            .Where(f => f.Function is not null && f.Trigger is not null)
            .ToDictionary(f => (string)Property(f.Function!, "Name")!, f => (string?)Property(f.Trigger!, "Route") ?? "");

    private static object? Property(object attribute, string name) => attribute.GetType().GetProperty(name)!.GetValue(attribute);

    [GeneratedRegex("""matches regex @"(?<pattern>(?:[^"]|"")*)"(?!")""")]
    private static partial Regex MatchesRegex();

    [GeneratedRegex("""message has "(?<phrase>[^"]+)(?=")""")]
    private static partial Regex HasPhrase();

    [GeneratedRegex("""name == "(?<name>\w+)" or \(?path endswith "(?<path>[^"]+)(?=")""")]
    private static partial Regex NameAndPath();

    [GeneratedRegex(@"\{\w+\}")]
    private static partial Regex Placeholder();
}
