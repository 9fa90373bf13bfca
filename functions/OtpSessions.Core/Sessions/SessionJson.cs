namespace OtpSessions.Core.Sessions;

/// <summary>
/// The JSON rules of the API, events and stored snapshots: camelCase properties, enums as lowercase/snake_case strings
/// (numbers refused), ISO-8601 times. The HTTP layer configures MVC with <see cref="Apply"/> so both agree.
/// </summary>
public static class SessionJson
{
    public static readonly JsonSerializerOptions Options = Apply(new JsonSerializerOptions(JsonSerializerDefaults.Web));

    public static JsonSerializerOptions Apply(JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        if (!options.Converters.Any(c => c is JsonStringEnumConverter))
        {
            options.Converters.Add(new JsonStringEnumConverter(WireNames.Policy, allowIntegerValues: false));
        }
        return options;
    }
}
