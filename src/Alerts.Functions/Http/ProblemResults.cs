using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Alerts.Functions.Http;

/// <summary>
/// The one shape of every JSON error the app answers: problem details (RFC 9457,
/// <c>application/problem+json</c>) with <c>errors</c> naming the problem of each field, so a client
/// reads every refusal the same way.
/// </summary>
internal static class ProblemResults
{
    public const string ContentType = "application/problem+json";

    public static ObjectResult Validation(HttpRequest request, string title, IReadOnlyDictionary<string, string[]> errors, int status = StatusCodes.Status400BadRequest, string? detail = null)
    {
        var problem = new ValidationProblemDetails(errors.ToDictionary(e => e.Key, e => e.Value, StringComparer.Ordinal))
        {
            Title = title,
            Detail = detail,
            Status = status,
            Type = TypeFor(status),
        };
        return Result(request, problem);
    }

    public static ObjectResult Field(HttpRequest request, string field, string message, int status = StatusCodes.Status400BadRequest) =>
        Validation(request, "The request was refused.", new Dictionary<string, string[]>(StringComparer.Ordinal) { [field] = [message] }, status);

    public static ObjectResult Fields(HttpRequest request, IReadOnlyDictionary<string, string> errors) =>
        Validation(request, "The request was refused.", errors.ToDictionary(e => e.Key, e => new[] { e.Value }, StringComparer.Ordinal));

    /// <summary>An unexpected failure: says nothing of its cause (that is logged), only the invocation to look for.</summary>
    public static ProblemDetails Unexpected(string invocationId) => new()
    {
        Title = "An unexpected error occurred.",
        Detail = "The error was logged; quote the invocation id when reporting it.",
        Status = StatusCodes.Status500InternalServerError,
        Type = TypeFor(StatusCodes.Status500InternalServerError),
        Extensions = { ["invocationId"] = invocationId },
    };

    private static ObjectResult Result(HttpRequest request, ProblemDetails problem)
    {
        request.HttpContext.Response.Headers.CacheControl = "no-store";
        return new ObjectResult(problem) { StatusCode = problem.Status, ContentTypes = { ContentType } };
    }

    private static string TypeFor(int status) => status switch
    {
        StatusCodes.Status400BadRequest => "https://tools.ietf.org/html/rfc9110#section-15.5.1",
        StatusCodes.Status413PayloadTooLarge => "https://tools.ietf.org/html/rfc9110#section-15.5.14",
        StatusCodes.Status415UnsupportedMediaType => "https://tools.ietf.org/html/rfc9110#section-15.5.16",
        StatusCodes.Status429TooManyRequests => "https://tools.ietf.org/html/rfc6585#section-4",
        StatusCodes.Status500InternalServerError => "https://tools.ietf.org/html/rfc9110#section-15.6.1",
        _ => "about:blank",
    };
}
