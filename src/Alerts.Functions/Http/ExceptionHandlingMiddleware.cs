using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;
using Microsoft.Extensions.Logging;

namespace Alerts.Functions.Http;

/// <summary>
/// Worker middleware: an HTTP trigger that throws answers 500 with problem details that name the
/// invocation but never the exception (its text can hold storage URLs, tokens or subscriber data; the
/// log has it). Other triggers rethrow untouched: a queue trigger must fail for the retry and the poison
/// queue to happen.
/// </summary>
internal sealed class ExceptionHandlingMiddleware(ILogger<ExceptionHandlingMiddleware> logger) : IFunctionsWorkerMiddleware
{
    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        try
        {
            await next(context);
        }
        catch (Exception ex) when (context.GetHttpContext() is { } http && !http.RequestAborted.IsCancellationRequested)
        {
            logger.LogHttpFunctionFailed(ex, context.InvocationId);
            if (http.Response.HasStarted)
            {
                throw;
            }

            http.Response.Clear();
            http.Response.StatusCode = StatusCodes.Status500InternalServerError;
            http.Response.Headers.CacheControl = "no-store";
            await http.Response.WriteAsJsonAsync(ProblemResults.Unexpected(context.InvocationId), (System.Text.Json.JsonSerializerOptions?)null, ProblemResults.ContentType, http.RequestAborted);
        }
    }
}
