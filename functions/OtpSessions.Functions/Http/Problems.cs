using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.WebUtilities;
using OtpSessions.Core.Common;

namespace OtpSessions.Functions.Http;

/// <summary>
/// RFC 9457 problem responses: <c>{ type, title, status, detail, code, traceId, errors? }</c> with a stable <c>code</c>
/// (<see cref="ErrorCodes"/>) and the request's trace id (<see cref="TraceIds"/>). One place builds them, for every
/// function, the HTTP pipeline and the local host's own refusals.
/// </summary>
public static class Problems
{
    public const string ContentType = "application/problem+json";

    public static ObjectResult Create(int status, string code, string detail, IDictionary<string, string[]>? errors = null,
        IDictionary<string, object?>? extensions = null)
    {
        var problem = new ProblemDetails
        {
            Type = $"https://errors.otp-sessions.example/{code}",
            Title = ReasonPhrases.GetReasonPhrase(status),
            Status = status,
            Detail = detail,
        };
        problem.Extensions["code"] = code;
        if (TraceIds.Current() is { } traceId)
        {
            problem.Extensions["traceId"] = traceId;
        }
        if (errors is { Count: > 0 })
        {
            problem.Extensions["errors"] = errors;
        }
        foreach (var (key, value) in extensions ?? new Dictionary<string, object?>())
        {
            problem.Extensions[key] = value;
        }
        var result = new ObjectResult(problem) { StatusCode = status };
        result.ContentTypes.Add(ContentType);
        return result;
    }

    public static ObjectResult InvalidRequest(string detail, IDictionary<string, string[]>? errors = null) =>
        Create(StatusCodes.Status400BadRequest, ErrorCodes.InvalidRequest, detail, errors);

    public static ObjectResult Unauthorized(string detail = "A valid bearer token is required.") =>
        Create(StatusCodes.Status401Unauthorized, ErrorCodes.Unauthorized, detail);

    public static ObjectResult Forbidden(string detail) =>
        Create(StatusCodes.Status403Forbidden, ErrorCodes.Forbidden, detail);

    /// <summary>The body of an unhandled failure: never echoes exception text.</summary>
    public static ObjectResult InternalError() =>
        Create(StatusCodes.Status500InternalServerError, ErrorCodes.InternalError, "The request could not be completed. Try again later.");

    /// <summary>Writes a result (a problem or any other) to the response, outside a function's return value.</summary>
    public static Task WriteAsync(this IActionResult result, HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(http);
        return result.ExecuteResultAsync(new ActionContext(http, http.GetRouteData(), new ActionDescriptor()));
    }
}
