using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using OtpSessions.Core.Common;
using OtpSessions.Functions.Http;
using Xunit;

namespace OtpSessions.Functions.Tests;

/// <summary>Outcomes as HTTP answers: the status per failure kind and the <c>Retry-After</c> header from <see cref="Failure.RetryAfterSeconds"/>.</summary>
public sealed class OutcomeResultsTests
{
    [Theory]
    [InlineData(FailureKind.Invalid, 400)]
    [InlineData(FailureKind.NotFound, 404)]
    [InlineData(FailureKind.Conflict, 409)]
    [InlineData(FailureKind.TooManyRequests, 429)]
    [InlineData(FailureKind.Forbidden, 403)]
    [InlineData(FailureKind.Gone, 410)]
    [InlineData(FailureKind.Locked, 423)]
    public async Task Each_failure_kind_has_its_status_and_the_failure_code(FailureKind kind, int status)
    {
        var http = await WriteAsync(new Failure(kind, "some_code", "Some detail."));

        Assert.Equal(status, http.Response.StatusCode);
        Assert.Equal("application/problem+json", http.Response.ContentType?.Split(';')[0]);
        Assert.False(http.Response.Headers.ContainsKey("Retry-After"));
    }

    [Theory]
    [InlineData(0.2, "1")]
    [InlineData(20.1, "21")]
    [InlineData(900, "900")]
    public async Task A_failure_with_a_wait_answers_retry_after_in_whole_seconds_rounded_up(double seconds, string header)
    {
        var http = await WriteAsync(new Failure(FailureKind.TooManyRequests, ErrorCodes.TooManyRequests, "Wait.")
        {
            RetryAfter = TimeSpan.FromSeconds(seconds),
        });

        Assert.Equal(header, http.Response.Headers.RetryAfter.ToString());
    }

    [Fact]
    public async Task A_missing_answer_of_a_customer_service_is_401_and_a_present_one_its_success()
    {
        Assert.Equal(401, (await WriteAsync(OutcomeResults.OkOrUnauthorized<string>(null))).Response.StatusCode);
        Assert.Equal(200, (await WriteAsync(OutcomeResults.OkOrUnauthorized("me"))).Response.StatusCode);
        Assert.Equal(401, (await WriteAsync(OutcomeResults.NoContentOrUnauthorized(false))).Response.StatusCode);
        Assert.Equal(204, (await WriteAsync(OutcomeResults.NoContentOrUnauthorized(true))).Response.StatusCode);
        Assert.Equal(401, (await WriteAsync(((Outcome<string>?)null).ToResultOrUnauthorized(201))).Response.StatusCode);
        Assert.Equal(201, (await WriteAsync(Outcome<string>.Success("created").ToResultOrUnauthorized(201))).Response.StatusCode);
        var refused = await WriteAsync(Outcome<string>.Fail(new Failure(FailureKind.Gone, "some_code", "Gone.")).ToResultOrUnauthorized(201));
        Assert.Equal(410, refused.Response.StatusCode);
    }

    [Fact]
    public async Task Map_answers_a_failure_as_problem_json_without_calling_the_success_mapping()
    {
        var called = 0;
        Microsoft.AspNetCore.Mvc.IActionResult Accepted(string value)
        {
            called++;
            return new Microsoft.AspNetCore.Mvc.StatusCodeResult(value == "queued" ? 202 : 500);
        }

        var refused = await WriteAsync(Outcome<string>.Fail(new Failure(FailureKind.Conflict, "some_code", "Taken.")).Map(Accepted));
        Assert.Equal(409, refused.Response.StatusCode);
        Assert.Equal(0, called);

        var done = await WriteAsync(Outcome<string>.Success("queued").Map(Accepted));
        Assert.Equal(202, done.Response.StatusCode);
        Assert.Equal(1, called);
    }

    private static Task<DefaultHttpContext> WriteAsync(Failure failure) => WriteAsync(OutcomeResults.ToProblem(failure));

    private static async Task<DefaultHttpContext> WriteAsync(Microsoft.AspNetCore.Mvc.IActionResult result)
    {
        await using var services = new ServiceCollection().AddLogging().AddMvcCore().Services.BuildServiceProvider();
        var http = new DefaultHttpContext { RequestServices = services };
        http.Response.Body = new MemoryStream();
        await result.WriteAsync(http);
        return http;
    }
}
