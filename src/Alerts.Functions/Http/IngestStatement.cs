using Alerts.Core.Sources;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Alerts.Functions.Http;

/// <summary>
/// HTTP (function key): <c>POST /api/statements</c> with <c>{official, text, url, published, source?}</c>.
/// 202 with the statement id when queued; 400 with problem details (RFC 9457) naming each bad field.
/// </summary>
public sealed class IngestStatement(StatementIngestor ingestor)
{
    [Function(nameof(IngestStatement))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "statements")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.ContentLength > StatementIngestor.MaxBodyBytes)
        {
            return Problem(IngestOutcome.Invalid($"the body is larger than {StatementIngestor.MaxBodyBytes} bytes"));
        }

        var outcome = await ingestor.IngestAsync(request.Body, cancellationToken);
        return outcome.Status == StatusCodes.Status202Accepted
            ? new ObjectResult(new { statementId = outcome.StatementId }) { StatusCode = StatusCodes.Status202Accepted }
            : Problem(outcome);
    }

    private static ObjectResult Problem(IngestOutcome outcome)
    {
        var problem = new ValidationProblemDetails(outcome.Errors.ToDictionary(e => e.Key, e => e.Value))
        {
            Title = "The statement was not accepted.",
            Detail = outcome.Detail,
            Status = StatusCodes.Status400BadRequest,
            Type = "https://tools.ietf.org/html/rfc9110#section-15.5.1",
        };
        return new ObjectResult(problem)
        {
            StatusCode = StatusCodes.Status400BadRequest,
            ContentTypes = { "application/problem+json" },
        };
    }
}
