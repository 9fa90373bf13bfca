using System.Globalization;
using System.Reflection;

namespace OtpSessions.Core.Policy;

/// <summary>
/// One policy value as the API names it (<c>GET /api/policy</c>, the admin policy endpoints) and the
/// <see cref="OtpPolicy"/> / <see cref="PolicyOverrides"/> property (the same name on both) that holds it.
/// </summary>
public sealed record PolicyField(string Name, string Property, PolicyFieldKind Kind)
{
    private PropertyInfo PolicyProperty => typeof(OtpPolicy).GetProperty(Property)!;

    private PropertyInfo OverrideProperty => typeof(PolicyOverrides).GetProperty(Property)!;

    /// <summary>The allowed range in API units (seconds for durations), from the bound on <see cref="OtpPolicy"/>; null when unbounded.</summary>
    public (long Min, long Max)? Range => PolicyProperty.GetCustomAttribute<RangeAttribute>() is { } range
        ? Kind == PolicyFieldKind.Seconds
            ? ((long)Parse(range.Minimum).TotalSeconds, (long)Parse(range.Maximum).TotalSeconds)
            : (Convert.ToInt64(range.Minimum, CultureInfo.InvariantCulture), Convert.ToInt64(range.Maximum, CultureInfo.InvariantCulture))
        : null;

    /// <summary>The value as the API shows it (seconds for durations).</summary>
    public object? ToApi(object? value) => value is TimeSpan span ? (long)span.TotalSeconds : value;

    public object? OverrideOf(PolicyOverrides overrides) => ToApi(OverrideProperty.GetValue(overrides));

    /// <summary>A copy of <paramref name="overrides"/> with this value set (null removes the override).</summary>
    public PolicyOverrides With(PolicyOverrides overrides, object? value)
    {
        var copy = overrides with { };
        OverrideProperty.SetValue(copy, value);
        return copy;
    }

    private static TimeSpan Parse(object bound) => bound as TimeSpan? ?? TimeSpan.Parse((string)bound, CultureInfo.InvariantCulture);
}
