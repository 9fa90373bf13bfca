using System.Globalization;
using OtpSessions.Core.Agents;
using OtpSessions.Core.Common;

namespace OtpSessions.Functions.Sessions;

/// <summary>
/// The query of <c>GET /api/sessions</c>: <c>status</c> (<c>active</c>|<c>closed</c>), <c>reference</c> (exact),
/// <c>limit</c> (1–100, default 25), <c>continuationToken</c>. Anything else malformed is 400 <c>invalid_request</c> naming it.
/// </summary>
public sealed record SessionListQuery(SessionStatus? Status, string? Reference, int Limit, string? ContinuationToken, IActionResult? Problem)
{
    public static SessionListQuery Read(IQueryCollection query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var errors = new Dictionary<string, string[]>();
        SessionStatus? status = null;
        if (One(query, "status", errors) is { } statusText)
        {
            if (WireNames.TryParse<SessionStatus>(statusText, out var parsed))
            {
                status = parsed;
            }
            else
            {
                errors["status"] = ["status is active or closed."];
            }
        }
        var reference = One(query, "reference", errors);
        if (reference is { Length: > SessionRules.MaxReferenceLength })
        {
            errors["reference"] = [$"reference has at most {SessionRules.MaxReferenceLength} characters."];
        }
        var limit = SessionService.DefaultPageSize;
        if (One(query, "limit", errors) is { } limitText
            && !(int.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out limit) && limit is >= 1 and <= SessionService.MaxPageSize))
        {
            errors["limit"] = [$"limit is a whole number from 1 to {SessionService.MaxPageSize}."];
        }
        var token = One(query, "continuationToken", errors);
        return errors.Count > 0
            ? new SessionListQuery(null, null, 0, null, Problems.InvalidRequest("The query has invalid parameters.", errors))
            : new SessionListQuery(status, reference, limit, token, null);
    }

    private static string? One(IQueryCollection query, string name, Dictionary<string, string[]> errors)
    {
        if (!query.TryGetValue(name, out var values))
        {
            return null;
        }
        if (values.Count != 1 || string.IsNullOrEmpty(values[0]))
        {
            errors[name] = [$"{name} is given once, with a value."];
            return null;
        }
        return values[0];
    }
}
