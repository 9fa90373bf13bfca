using System.Text.RegularExpressions;
using OtpSessions.Testing;

namespace OtpSessions.Core.Tests.Architecture;

/// <summary>
/// Core's modules depend one way (docs/architecture.md): a module may use the root namespace and the modules below
/// it, never one above it. Read from the source: every <c>using OtpSessions.Core.X;</c> and every fully qualified
/// <c>OtpSessions.Core.X.</c> in Core's files.
/// </summary>
public sealed partial class LayeringTests
{
    /// <summary>Bottom to top. The root namespace (<c>OtpSessions.Core</c>) sits under all of them.</summary>
    public static readonly string[] Layers =
        ["Common", "Health", "Messaging", "Events", "Auth", "Policy", "Otp", "Sessions", "Budgets", "Deliveries", "Passkeys", "Join", "Agents", "Evidence", "Insights"];

    /// <summary>
    /// Upward references that still exist, each "file → module" (none today). The test fails if one here no longer
    /// occurs, so the list only shrinks.
    /// </summary>
    private static readonly HashSet<string> KnownUpward =
    [
    ];

    private static string CoreRoot => Path.Combine(RepositoryRoot.Path, "functions", "OtpSessions.Core");

    private static IEnumerable<string> SourceFiles(string root) =>
        Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal));

    private static string Relative(string file) => Path.GetRelativePath(CoreRoot, file).Replace('\\', '/');

    private static int Rank(string module) => module.Length == 0 ? -1 : Array.IndexOf(Layers, module);

    private static List<string> UpwardReferences()
    {
        var found = new List<string>();
        foreach (var file in SourceFiles(CoreRoot))
        {
            var text = File.ReadAllText(file);
            var own = NamespaceLine().Match(text);
            Assert.True(own.Success, $"{Relative(file)} has no file-scoped namespace");
            var module = own.Groups["module"].Value;
            Assert.True(Rank(module) >= -1 && (module.Length == 0 || Rank(module) >= 0),
                $"{Relative(file)}: module '{module}' is not in the layer order (add it to {nameof(Layers)} and docs/architecture.md)");
            found.AddRange(Upward(module, text).Select(t => $"{Relative(file)} → {t}"));
        }
        return found;
    }

    private static IEnumerable<string> Upward(string module, string text) =>
        CoreReference().Matches(text).Select(m => m.Groups["module"].Value).Distinct()
            .Where(t => t != module && Rank(t) > Rank(module));

    [Fact]
    public void Core_modules_depend_only_downwards()
    {
        var upward = UpwardReferences();

        var unexpected = upward.Where(u => !KnownUpward.Contains(u)).Order().ToList();
        Assert.True(unexpected.Count == 0,
            "Core module references against the layer order (bottom → top: " + string.Join(", ", Layers) + "):\n"
            + string.Join("\n", unexpected));
        var gone = KnownUpward.Except(upward).Order().ToList();
        Assert.True(gone.Count == 0, "No longer upward, remove from the known list:\n" + string.Join("\n", gone));
    }

    [Fact]
    public void The_layer_rule_sees_an_upward_using()
    {
        var text = "using OtpSessions.Core.Join;\nnamespace OtpSessions.Core.Common;\nvar x = OtpSessions.Core.Sessions.Session.Empty;";

        Assert.Equal("Common", NamespaceLine().Match(text).Groups["module"].Value);
        Assert.Equal(["Join", "Sessions"], Upward("Common", text));
        Assert.Empty(Upward("Join", text.Replace("Sessions.Session", "Common.Outcome", StringComparison.Ordinal)));
    }

    [Fact]
    public void Core_knows_no_table_storage_words()
    {
        var hits = SourceFiles(CoreRoot)
            .SelectMany(f => File.ReadLines(f).Select((line, i) => (f, line, i)))
            .Where(x => StorageWord().IsMatch(x.line))
            .Select(x => $"{Relative(x.f)}:{x.i + 1}: {x.line.Trim()}")
            .ToList();

        Assert.True(hits.Count == 0, "Core must not speak of rows, partitions or ETags:\n" + string.Join("\n", hits));
    }

    /// <summary>Wire formats (event data, HTTP views, provider shapes) may hold many types; product files hold one.</summary>
    [Fact]
    public void At_most_three_product_files_declare_five_or_more_public_types()
    {
        var crowded = SourceFiles(Path.Combine(RepositoryRoot.Path, "functions"))
            .Select(f => (File: Path.GetRelativePath(RepositoryRoot.Path, f).Replace('\\', '/'),
                Count: File.ReadLines(f).Count(l => TopLevelPublicType().IsMatch(l))))
            .Where(x => x.Count >= 5)
            .ToList();

        Assert.True(crowded.Count <= 3, "Files with five or more public types:\n" + string.Join("\n", crowded));
        Assert.All(crowded, x => Assert.Matches(@"(EventData|Views|Models|Api|Parser)\.cs$", x.File));
    }

    [GeneratedRegex(@"^namespace OtpSessions\.Core(?:\.(?<module>\w+))?[.\w]*;", RegexOptions.Multiline)]
    private static partial Regex NamespaceLine();

    [GeneratedRegex(@"(?:^using |\b)OtpSessions\.Core\.(?<module>(?!Tests\b)\w+)\b(?=[.;])", RegexOptions.Multiline)]
    private static partial Regex CoreReference();

    [GeneratedRegex(@"\b(RowKey|PartitionKey|ETag|TableEntity)\b")]
    private static partial Regex StorageWord();

    [GeneratedRegex(@"^public (?:(?:static|sealed|abstract|partial|readonly) )*(?:class|record struct|record|enum|interface|struct) ")]
    private static partial Regex TopLevelPublicType();
}
