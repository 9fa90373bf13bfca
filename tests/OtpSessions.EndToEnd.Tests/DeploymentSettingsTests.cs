using System.ComponentModel.DataAnnotations;
using System.Diagnostics;
using System.Reflection;
using OtpSessions.EndToEnd.Tests.Deployment;
using OtpSessions.Testing;
using Xunit;

namespace OtpSessions.EndToEnd.Tests;

/// <summary>
/// The app settings infra/ deploys (the names of <c>appSettings</c> in infra/app/api.bicep, read from the compiled
/// template) against the settings the app binds (every options class with a <c>SectionName</c>).
/// </summary>
public sealed class DeploymentSettingsTests
{
    private static readonly Assembly[] AppAssemblies =
    [
        typeof(Core.QueueNames).Assembly,
        typeof(Infrastructure.Storage.StorageClients).Assembly,
        typeof(Functions.AppServices).Assembly,
    ];

    [Fact]
    public async Task Every_required_setting_the_app_binds_is_set_by_the_bicep_app_settings()
    {
        var deployed = await DeployedSettingNamesAsync();

        var missing = BoundSettings().Where(s => s.Required && !deployed.Contains(s.Name)).Select(s => s.Name).ToList();

        Assert.Empty(missing);
        // Storage is bound by hand (the Functions host's own identity-based convention).
        Assert.Contains("AzureWebJobsStorage__tableServiceUri", deployed);
        Assert.Contains("AzureWebJobsStorage__queueServiceUri", deployed);
        Assert.Contains("AzureWebJobsStorage__clientId", deployed);
    }

    [Fact]
    public async Task Every_bicep_app_setting_in_an_app_section_names_a_setting_the_app_binds()
    {
        var deployed = await DeployedSettingNamesAsync();
        var bound = BoundSettings().Select(s => s.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var sections = BoundSettings().Select(s => s.Section).ToHashSet(StringComparer.OrdinalIgnoreCase);

        var unknown = deployed
            .Where(name => sections.Any(section => name.StartsWith(section + "__", StringComparison.OrdinalIgnoreCase)))
            .Where(name => !bound.Contains(name) && !bound.Contains(SlotOf(name)))
            .ToList();

        Assert.Empty(unknown);
    }

    [Fact]
    public void Every_options_class_has_a_default_or_a_required_marker_for_each_setting()
    {
        var settings = BoundSettings().ToList();

        Assert.Contains(settings, s => s.Name == "OtpPolicy__MaxAttempts" && !s.Required);
        Assert.Contains(settings, s => s.Name == "Otp__EncryptionKey" && s.Required);
        Assert.True(settings.Count > 20, $"only {settings.Count} bound settings found — is the SectionName convention still used?");
    }

    private sealed record BoundSetting(string Section, string Name, bool Required);

    private static IEnumerable<BoundSetting> BoundSettings() =>
        from assembly in AppAssemblies
        from type in assembly.GetTypes()
        let field = type.GetField("SectionName", BindingFlags.Public | BindingFlags.Static)
        where field is { IsLiteral: true } && field.FieldType == typeof(string) && type.Name.EndsWith("Options", StringComparison.Ordinal) || type == typeof(Core.Policy.OtpPolicy)
        let section = ((string)type.GetField("SectionName")!.GetRawConstantValue()!).Replace(":", "__", StringComparison.Ordinal)
        from property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
        where property.CanWrite && property.SetMethod!.IsPublic || IsList(property.PropertyType)
        select new BoundSetting(section, $"{section}__{property.Name}", property.GetCustomAttribute<RequiredAttribute>() is not null);

    /// <summary>A list binds indexed settings: <c>Otp__PreviousEncryptionKeys__0</c> is a slot of <c>Otp__PreviousEncryptionKeys</c>.</summary>
    private static string SlotOf(string name) =>
        name.LastIndexOf("__", StringComparison.Ordinal) is var at and > 0 && name[(at + 2)..].All(char.IsAsciiDigit) ? name[..at] : name;

    private static bool IsList(Type type) => type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IList<>);

    private static readonly Lazy<Task<HashSet<string>>> Deployed = new(ReadDeployedSettingNamesAsync);

    private static Task<HashSet<string>> DeployedSettingNamesAsync() => Deployed.Value;

    /// <summary>
    /// What <c>app-setting-names.sh</c> reads from main.bicep's ARM template, handed the one this test run compiled already
    /// (<see cref="ArmTemplate.MainAsync"/>: a Bicep build is seconds of CPU).
    /// </summary>
    private static async Task<HashSet<string>> ReadDeployedSettingNamesAsync()
    {
        var compiled = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(compiled, (await ArmTemplate.MainAsync()).ToJsonString());
            var start = new ProcessStartInfo("bash", [Path.Combine(RepositoryRoot.Path, "infra", "tools", "app-setting-names.sh"), compiled])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            Assert.True(process.ExitCode == 0, $"app-setting-names.sh failed: {await error}");
            return (await output).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .ToHashSet(StringComparer.OrdinalIgnoreCase);
        }
        finally
        {
            File.Delete(compiled);
        }
    }
}
