using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Alerts.Testing;

/// <summary>
/// A local stand-in for the public Bluesky AppView. Every request is checked against the
/// <c>app.bsky.feed.getAuthorFeed</c> lexicon (parameter names, required <c>actor</c>, <c>limit</c> 1-100,
/// known <c>filter</c>) and must carry no credentials; every 200 answer is validated against the lexicon's
/// output (the full closure of <c>feedViewPost</c>) before it is sent, and every error against the XRPC error
/// shape. It answers with the real captured bodies and the real response headers of the recorded cassette.
/// </summary>
public sealed partial class FakeBlueskyAppView : IAsyncDisposable
{
    public const string Nsid = "app.bsky.feed.getAuthorFeed";

    private readonly LocalHttpServer _server = new();
    private readonly LexiconValidator _lexicons;
    private readonly List<string> _violations = [];

    private FakeBlueskyAppView(string folder)
    {
        Folder = folder;
        _lexicons = new LexiconValidator(Path.Combine(folder, "lexicons"));
        RecordedHeaders = ReadCassetteHeaders(Path.Combine(folder, "getAuthorFeed.chriskenny.bsky.social.2025-05-19.vcr.yml"));
    }

    public static FakeBlueskyAppView Start(string folder) => new(folder);

    public string Folder { get; }

    public LocalHttpServer Server => _server;

    /// <summary>The response headers of the recorded real answer (RateLimit-*, atproto-*, Content-Type).</summary>
    public IReadOnlyDictionary<string, string> RecordedHeaders { get; }

    public IReadOnlyList<RecordedRequest> Requests => _server.Requests;

    public IReadOnlyList<string> Violations
    {
        get
        {
            lock (_violations)
            {
                return [.. _violations];
            }
        }
    }

    public byte[] Body(string file) => File.ReadAllBytes(Path.Combine(Folder, file));

    /// <summary>Answers getAuthorFeed; <paramref name="choose"/> picks status, body and extra headers from the query.</summary>
    public void Serve(Func<IReadOnlyDictionary<string, string>, (int Status, byte[] Body, IDictionary<string, string>? Headers)> choose, bool untypedUnionMembers = false) =>
        _server.Map("/xrpc/" + Nsid, async context =>
        {
            var query = context.Request.QueryString.AllKeys.OfType<string>().ToDictionary(k => k, k => context.Request.QueryString[k]!, StringComparer.Ordinal);
            Check(context.Request, query);
            var (status, body, headers) = choose(query);
            Validate(status, body, untypedUnionMembers);
            context.Response.StatusCode = status;
            context.Response.ContentType = "application/json; charset=utf-8";
            foreach (var (name, value) in status == 200 ? RecordedHeaders : new Dictionary<string, string>())
            {
                context.Response.AddHeader(name, value);
            }

            foreach (var (name, value) in headers ?? new Dictionary<string, string>())
            {
                context.Response.Headers[name] = value;
            }

            context.Response.ContentLength64 = body.Length;
            await context.Response.OutputStream.WriteAsync(body);
        });

    /// <summary>The real 50-post body for the first page, an empty page (the lexicon's minimal answer) past its cursor.</summary>
    public void ServeChrisKenny() =>
        Serve(query => query.ContainsKey("cursor")
            ? (200, Encoding.UTF8.GetBytes("{\"feed\":[]}"), null)
            : (200, Body("getAuthorFeed.chriskenny.bsky.social.2025-05-19.json"), null));

    private void Check(HttpListenerRequest request, IReadOnlyDictionary<string, string> query)
    {
        var problems = new List<string>();
        if (request.HttpMethod != "GET")
        {
            problems.Add($"method {request.HttpMethod}: an XRPC query is a GET");
        }

        if (request.Headers["Authorization"] is not null)
        {
            problems.Add("the public AppView is read without credentials, but an Authorization header was sent");
        }

        problems.AddRange(_lexicons.ValidateParams(Nsid, query));
        Record(problems.Select(p => "request: " + p));
    }

    private void Validate(int status, byte[] body, bool untypedUnionMembers)
    {
        if (body.Length == 0)
        {
            return;
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            if (status == 200)
            {
                Record(_lexicons.ValidateOutput(Nsid, document.RootElement, untypedUnionMembers).Select(p => "response: " + p));
            }
            else if (document.RootElement.ValueKind != JsonValueKind.Object || !document.RootElement.TryGetProperty("error", out var error) || error.ValueKind != JsonValueKind.String)
            {
                Record(["response: an XRPC error body must be {\"error\": string, \"message\"?: string}"]);
            }
        }
        catch (JsonException) when (status != 200)
        {
            Record(["response: an XRPC error body must be JSON"]);
        }
        catch (JsonException)
        {
            // A test serving broken JSON on purpose: nothing to validate.
        }
    }

    private void Record(IEnumerable<string> problems)
    {
        lock (_violations)
        {
            _violations.AddRange(problems);
        }
    }

    /// <summary>The response headers of the vcr cassette, minus the ones about transfer (the fake sends its own).</summary>
    private static Dictionary<string, string> ReadCassetteHeaders(string path)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var inHeaders = false;
        foreach (var line in File.ReadLines(path))
        {
            if (line.TrimEnd() == "    headers:")
            {
                inHeaders = true;
                continue;
            }

            if (!inHeaders)
            {
                continue;
            }

            var match = HeaderLine().Match(line);
            if (!match.Success)
            {
                break;
            }

            var name = match.Groups[1].Value;
            if (name is "Date" or "Transfer-Encoding" or "Connection" or "Content-Encoding" or "Content-Type" or "Vary" or "Content-Length")
            {
                continue;
            }

            headers[name] = match.Groups[2].Value;
        }

        return headers;
    }

    [GeneratedRegex(@"^      ([A-Za-z-]+): '?(.*?)'?$")]
    private static partial Regex HeaderLine();

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
