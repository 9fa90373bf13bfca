using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using OtpSessions.Functions.Http;
using Xunit;

namespace OtpSessions.Functions.Tests;

/// <summary>
/// The one step every trigger with a body takes (<see cref="JsonBody.HandleAsync{T}"/>): a refused body is the 400 and
/// the handler never runs; a readable one goes to the handler, whose answer is the function's.
/// </summary>
public sealed class JsonBodyTests
{
    [Fact]
    public async Task A_refused_body_is_the_400_and_the_handler_does_not_run()
    {
        var handled = false;

        var result = await JsonBody.HandleAsync<Dictionary<string, string>>(Request("{not json"), _ =>
        {
            handled = true;
            return Task.FromResult<IActionResult>(new OkResult());
        }, CancellationToken.None);

        Assert.Equal(StatusCodes.Status400BadRequest, Assert.IsType<ObjectResult>(result).StatusCode);
        Assert.False(handled);
    }

    [Fact]
    public async Task A_readable_body_goes_to_the_handler_whose_answer_is_returned()
    {
        var result = await JsonBody.HandleAsync<Dictionary<string, string>>(Request("""{"name":"value"}"""),
            body => Task.FromResult<IActionResult>(new ContentResult { Content = body["name"] }), CancellationToken.None);

        Assert.Equal("value", Assert.IsType<ContentResult>(result).Content);
    }

    [Fact]
    public async Task The_document_a_handler_reads_is_freed_once_it_has_answered()
    {
        JsonElement seen = default;

        var result = await JsonBody.HandleElementAsync(Request("""{"name":"value"}"""), element =>
        {
            seen = element;
            return Task.FromResult<IActionResult>(new ContentResult { Content = element.GetProperty("name").GetString() });
        }, CancellationToken.None);

        Assert.Equal("value", Assert.IsType<ContentResult>(result).Content);
        Assert.Throws<ObjectDisposedException>(() => seen.GetProperty("name"));
    }

    private static HttpRequest Request(string body)
    {
        var http = new DefaultHttpContext();
        http.Request.ContentType = "application/json";
        http.Request.Body = new MemoryStream(Encoding.UTF8.GetBytes(body));
        return http.Request;
    }
}
