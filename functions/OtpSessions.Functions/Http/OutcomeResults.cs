using System.Globalization;
using Microsoft.Net.Http.Headers;
using OtpSessions.Core.Common;

namespace OtpSessions.Functions.Http;

/// <summary>Maps application-service outcomes to HTTP: the value with the success status, or the failure as problem JSON.</summary>
public static class OutcomeResults
{
    /// <summary>The failure as problem JSON, else what <paramref name="success"/> makes of the value.</summary>
    public static IActionResult Map<T>(this Outcome<T> outcome, Func<T, IActionResult> success)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        ArgumentNullException.ThrowIfNull(success);
        return outcome.Failure is { } failure ? ToProblem(failure) : success(outcome.Value!);
    }

    /// <summary>The value with the success status (and a <c>Location</c> when asked), or the failure as problem JSON.</summary>
    public static IActionResult ToResult<T>(this Outcome<T> outcome, int successStatus, Func<T, string>? location = null) =>
        outcome.Map(value =>
        {
            var result = new ObjectResult(value) { StatusCode = successStatus };
            return location is null ? result : new WithHeaders(result, (HeaderNames.Location, location(value)));
        });

    /// <summary>The success status with no body (what the outcome holds is not for the caller), or the failure as problem JSON.</summary>
    public static IActionResult ToEmptyResult<T>(this Outcome<T> outcome, int successStatus) =>
        outcome.Map(_ => new StatusCodeResult(successStatus));

    /// <summary>
    /// For the customer services that answer null when the access token is not valid: 401 <c>unauthorized</c> for null,
    /// else the outcome as <see cref="ToResult{T}"/> maps it.
    /// </summary>
    public static IActionResult ToResultOrUnauthorized<T>(this Outcome<T>? outcome, int successStatus) =>
        outcome is null ? Problems.Unauthorized() : outcome.ToResult(successStatus);

    /// <summary>401 <c>unauthorized</c> for null (the access token is not valid), else 200 with the value.</summary>
    public static IActionResult OkOrUnauthorized<T>(T? value) where T : class =>
        value is null ? Problems.Unauthorized() : new ObjectResult(value) { StatusCode = StatusCodes.Status200OK };

    /// <summary>204 when the change was made, 401 <c>unauthorized</c> when the access token is not valid.</summary>
    public static IActionResult NoContentOrUnauthorized(bool done) =>
        done ? new StatusCodeResult(StatusCodes.Status204NoContent) : Problems.Unauthorized();

    public static IActionResult ToProblem(Failure failure)
    {
        ArgumentNullException.ThrowIfNull(failure);
        var status = failure.Kind switch
        {
            FailureKind.Invalid => StatusCodes.Status400BadRequest,
            FailureKind.NotFound => StatusCodes.Status404NotFound,
            FailureKind.Conflict => StatusCodes.Status409Conflict,
            FailureKind.TooManyRequests => StatusCodes.Status429TooManyRequests,
            FailureKind.Forbidden => StatusCodes.Status403Forbidden,
            FailureKind.Gone => StatusCodes.Status410Gone,
            FailureKind.Locked => StatusCodes.Status423Locked,
            FailureKind.Unavailable => StatusCodes.Status503ServiceUnavailable,
            FailureKind.Unprocessable => StatusCodes.Status422UnprocessableEntity,
            FailureKind.PreconditionFailed => StatusCodes.Status412PreconditionFailed,
            _ => StatusCodes.Status400BadRequest,
        };
        var problem = Problems.Create(status, failure.Code, failure.Detail,
            failure.Errors?.ToDictionary(e => e.Key, e => e.Value), failure.Extensions?.ToDictionary(e => e.Key, e => e.Value));
        return failure.RetryAfterSeconds is { } seconds
            ? new WithHeaders(problem, (HeaderNames.RetryAfter, seconds.ToString(CultureInfo.InvariantCulture)))
            : problem;
    }

    /// <summary>Any result plus response headers (Location, Retry-After, Cache-Control, …).</summary>
    public sealed class WithHeaders(IActionResult inner, params (string Name, string Value)[] headers) : IActionResult
    {
        public IActionResult Inner => inner;

        public IReadOnlyList<(string Name, string Value)> Headers => headers;

        public Task ExecuteResultAsync(ActionContext context)
        {
            ArgumentNullException.ThrowIfNull(context);
            foreach (var (name, value) in headers)
            {
                context.HttpContext.Response.Headers[name] = value;
            }
            return inner.ExecuteResultAsync(context);
        }
    }
}
