using System.Text.Json;
using Alerts.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Alerts.Functions.Tests;

/// <summary>The worker middleware the app registers for unexpected exceptions (problem details for HTTP, rethrow for the rest).</summary>
public sealed class ExceptionHandlingMiddleware_HttpTriggers
{
    private const string Secret = "AccountKey=c2VjcmV0; subscriber jane@example.org";

    private static TestFunctionContext Context(HttpContext? http)
    {
        var context = new TestFunctionContext(new ServiceCollection().BuildServiceProvider(), new Dictionary<string, object?>());
        if (http is not null)
        {
            // Where the ASP.NET Core integration puts the request's context (FunctionContext.GetHttpContext reads it).
            context.Items["HttpRequestContext"] = http;
        }

        return context;
    }

    [Fact]
    public async Task AnHttpFunctionThatThrowsAnswers500ProblemDetailsThatNameTheInvocationButNotTheException()
    {
        var http = new DefaultHttpContext();
        http.Response.Body = new MemoryStream();
        var context = Context(http);

        await new ExceptionHandlingMiddleware(NullLogger<ExceptionHandlingMiddleware>.Instance)
            .Invoke(context, _ => throw new InvalidOperationException(Secret));

        http.Response.Body.Position = 0;
        var body = await new StreamReader(http.Response.Body).ReadToEndAsync(TestContext.Current.CancellationToken);
        Assert.Equal(500, http.Response.StatusCode);
        Assert.StartsWith("application/problem+json", http.Response.ContentType, StringComparison.Ordinal);
        Assert.Equal("no-store", http.Response.Headers.CacheControl.ToString());
        using var problem = JsonDocument.Parse(body);
        Assert.Equal(500, problem.RootElement.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(problem.RootElement.GetProperty("title").GetString()));
        Assert.Equal(context.InvocationId, problem.RootElement.GetProperty("invocationId").GetString());
        Assert.DoesNotContain("AccountKey", body, StringComparison.Ordinal);
        Assert.DoesNotContain("jane@example.org", body, StringComparison.Ordinal);
        Assert.DoesNotContain(nameof(InvalidOperationException), body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AQueueOrTimerFunctionThatThrowsStillFailsSoTheHostRetriesAndPoisons()
    {
        var middleware = new ExceptionHandlingMiddleware(NullLogger<ExceptionHandlingMiddleware>.Instance);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => middleware.Invoke(Context(null), _ => throw new InvalidOperationException(Secret)));

        Assert.Equal(Secret, error.Message);
    }

    [Fact]
    public async Task AnHttpFunctionThatSucceedsIsLeftAlone()
    {
        var http = new DefaultHttpContext();
        var ran = false;

        await new ExceptionHandlingMiddleware(NullLogger<ExceptionHandlingMiddleware>.Instance).Invoke(Context(http), _ =>
        {
            ran = true;
            return Task.CompletedTask;
        });

        Assert.True(ran);
        Assert.Equal(200, http.Response.StatusCode);
    }
}
