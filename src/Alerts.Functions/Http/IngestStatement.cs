using Alerts.Core.Statements;
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
        var body = request.ContentLength > IngestBody.MaxBytes ? IngestBody.TooLarge() : await IngestBody.ReadAsync(request.Body, cancellationToken);
        var outcome = body.Refused ?? await ingestor.IngestAsync(body.Request!, cancellationToken);
        return outcome.StatementId is { } statementId
            ? new ObjectResult(new { statementId }) { StatusCode = StatusCodes.Status202Accepted }
            : ProblemResults.Validation(request, "The statement was not accepted.", outcome.Errors, detail: outcome.Detail);
    }
}
