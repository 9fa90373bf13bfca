using System.Text.RegularExpressions;
using OtpSessions.Core.Events;
using OtpSessions.Testing;
using Xunit;

namespace OtpSessions.Events.Tests;

/// <summary>docs/events.md lists every event type with an example payload that the safety net would publish.</summary>
public sealed partial class EventDocsTests
{
    private static readonly string Docs = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "docs", "events.md"));

    [Fact]
    public void Docs_list_every_event_type_with_an_example_payload_that_passes_the_safety_net()
    {
        var sections = Section().Matches(Docs).ToDictionary(m => m.Groups["type"].Value, m => m.Groups["json"].Value);

        Assert.Equal(EventTypes.All.Order(StringComparer.Ordinal), sections.Keys.Order(StringComparer.Ordinal));
        Assert.All(sections, s => Assert.True(EventDataGuard.FindViolation(s.Value) is null,
            $"{s.Key}: {EventDataGuard.FindViolation(s.Value)}"));
    }

    [Fact]
    public void Every_event_type_has_a_json_schema_and_the_documented_example_conforms_to_it()
    {
        var sections = Section().Matches(Docs).ToDictionary(m => m.Groups["type"].Value, m => m.Groups["json"].Value);

        Assert.Equal(EventTypes.All.Order(StringComparer.Ordinal), EventSchemas.Types().Order(StringComparer.Ordinal));
        Assert.All(sections, s => Assert.True(EventSchemas.Violation(s.Key, s.Value) is null, $"{s.Key}: {EventSchemas.Violation(s.Key, s.Value)}"));
    }

    [Fact]
    public void A_schema_refuses_data_with_an_undocumented_field()
    {
        var sections = Section().Matches(Docs).ToDictionary(m => m.Groups["type"].Value, m => m.Groups["json"].Value);
        var data = System.Text.Json.Nodes.JsonNode.Parse(sections[EventTypes.SessionClosed])!.AsObject();
        data["newField"] = "x";

        Assert.NotNull(EventSchemas.Violation(EventTypes.SessionClosed, data.ToJsonString()));
    }

    [GeneratedRegex(@"^### (?<type>[a-z_]+\.[a-z_]+)\s*\n[^\n]*\n```json\n(?<json>.*?)\n```", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex Section();
}
