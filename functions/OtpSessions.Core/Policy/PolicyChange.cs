namespace OtpSessions.Core.Policy;

/// <summary>
/// An administrator's change to a team's overrides (<c>PUT /api/admin/teams/{team}/policy</c>) as pure rules: the body is
/// any subset of the <see cref="PolicyFields"/> (a value sets the override, <c>null</c> removes it); the result must keep
/// the effective policy — system settings plus the team's overrides — inside the same bounds the system settings are
/// held to at start-up (<see cref="OtpPolicy"/>). Every problem is reported per field, by its API name.
/// </summary>
public static class PolicyChange
{
    /// <summary>The new overrides and the names of the fields the body set or removed, or the 400 with <c>errors</c> per field.</summary>
    public static Outcome<(PolicyOverrides Overrides, IReadOnlyList<string> Changed)> Apply(PolicyOverrides current, JsonElement body, OtpPolicy system)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(system);
        var errors = new ValidationErrors();
        if (body.ValueKind != JsonValueKind.Object)
        {
            errors.Add("", ErrorCodes.InvalidRequest, "The body must be a JSON object with the policy fields to change.");
            return errors.ToFailure();
        }
        var next = current;
        var changed = new List<string>();
        foreach (var property in body.EnumerateObject())
        {
            if (PolicyFields.Named(property.Name) is not { } field)
            {
                errors.Add(property.Name, ErrorCodes.InvalidRequest,
                    $"{property.Name} is not a policy field (known: {string.Join(", ", PolicyFields.All.Select(f => f.Name))}).");
                continue;
            }
            if (changed.Contains(field.Name))
            {
                errors.Add(field.Name, ErrorCodes.InvalidRequest, $"{field.Name} is given twice.");
                continue;
            }
            var (ok, value) = Read(field, property.Value);
            if (!ok)
            {
                errors.Add(field.Name, ErrorCodes.InvalidRequest, Expected(field));
                continue;
            }
            next = field.With(next, value);
            changed.Add(field.Name);
        }
        if (!errors.Any)
        {
            CheckBounds(next.ApplyTo(system), changed, errors);
        }
        return errors.Any ? errors.ToFailure() : (next, changed);
    }

    private static (bool Ok, object? Value) Read(PolicyField field, JsonElement value)
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            return (true, null);
        }
        return field.Kind switch
        {
            PolicyFieldKind.Boolean when value.ValueKind is JsonValueKind.True or JsonValueKind.False => (true, value.GetBoolean()),
            PolicyFieldKind.Integer when value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number) => (true, number),
            PolicyFieldKind.Seconds when value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var seconds)
                && seconds is >= 0 and <= (long)int.MaxValue * 100 => (true, TimeSpan.FromSeconds(seconds)),
            PolicyFieldKind.Countries when value.ValueKind == JsonValueKind.Array && value.EnumerateArray().All(c => c.ValueKind == JsonValueKind.String)
                => (true, (IReadOnlyList<string>)[.. value.EnumerateArray().Select(c => c.GetString()!.Trim().ToUpperInvariant()).Distinct()]),
            _ => (false, null),
        };
    }

    private static string Expected(PolicyField field) => field.Kind switch
    {
        PolicyFieldKind.Boolean => $"{field.Name} must be true, false or null.",
        PolicyFieldKind.Integer => $"{field.Name} must be a whole number or null.",
        PolicyFieldKind.Seconds => $"{field.Name} must be a whole number of seconds or null.",
        _ => $"{field.Name} must be an array of ISO 3166 country codes (empty = every country) or null.",
    };

    /// <summary>The same validation the system settings pass at start-up, on the effective policy, reported by API field names.</summary>
    private static void CheckBounds(OtpPolicy effective, List<string> changed, ValidationErrors errors)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(effective, new ValidationContext(effective), results, validateAllProperties: true);
        foreach (var result in results)
        {
            var fields = result.MemberNames.Select(PolicyFields.ForProperty).OfType<PolicyField>().ToList();
            // A rule over two fields is reported on those the body changed (on both when it changed neither).
            var blamed = fields.Where(f => changed.Contains(f.Name)).ToList() is { Count: > 0 } inBody ? inBody : fields;
            foreach (var field in blamed)
            {
                errors.Add(field.Name, ErrorCodes.InvalidRequest, Message(field, result, fields.Count > 1));
            }
        }
    }

    private static string Message(PolicyField field, ValidationResult result, bool crossField) =>
        crossField
            ? $"maxAttempts × maxLockouts must be at most {OtpPolicy.MaxGuesses} (NIST SP 800-63B)."
            : field.Range is { } range
                ? $"{field.Name} must be between {range.Min} and {range.Max}{(field.Kind == PolicyFieldKind.Seconds ? " seconds" : "")}."
                : field.Kind == PolicyFieldKind.Countries
                    ? $"{field.Name} must hold ISO 3166 country codes with phone numbers (e.g. US, GB, DE)."
                    : result.ErrorMessage ?? $"{field.Name} is not allowed.";
}
