using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Alerts.Core.Tests.Sources;

/// <summary>
/// A local Mastodon API over the ten real statuses captured from a Mastodon 4.5 server (the two pages in
/// ../shared/fixtures/social/mastodon). It pages the way Mastodon does (newest first; <c>since_id</c>,
/// <c>max_id</c>, <c>min_id</c>, <c>limit</c>; a <c>Link</c> header with rel="next" by <c>max_id</c> and rel="prev"
/// by <c>min_id</c>; <c>X-RateLimit-*</c> headers as recorded), checks every request against the parameters the
/// API documents (no credentials for public reads), and checks every status it sends has the entity's
/// required attributes. Mastodon publishes no machine-readable schema, so the documented lists stand in.
/// </summary>
internal sealed class FakeMastodonServer : IAsyncDisposable
{
    public const string AccountId = "117020565966271181";
    public const string User = "mastodonpy_test";

    private static readonly string[] StatusParameters = ["max_id", "since_id", "min_id", "limit", "only_media", "exclude_replies", "exclude_reblogs", "pinned", "tagged"];
    private static readonly string[] StatusAttributes = ["id", "uri", "created_at", "account", "content", "visibility", "sensitive", "spoiler_text", "media_attachments", "mentions", "tags", "emojis", "reblogs_count", "favourites_count", "replies_count"];

    private readonly LocalHttpServer _server = new();
    private readonly List<string> _violations = [];

    public FakeMastodonServer(string folder)
    {
        Folder = folder;
        var statuses = new List<JsonNode>();
        foreach (var page in new[] { "api-v1-accounts-statuses.limit5.page1.json", "api-v1-accounts-statuses.limit5.page2-max_id.json" })
        {
            statuses.AddRange(JsonNode.Parse(File.ReadAllText(Path.Combine(folder, page)))!.AsArray().Select(s => s!.DeepClone()));
        }

        Statuses = statuses;
        Account = statuses[0]["account"]!.DeepClone();
    }

    public string Folder { get; }

    public LocalHttpServer Server => _server;

    /// <summary>The statuses served, newest first; a test may change them (a reblog, a content warning).</summary>
    public List<JsonNode> Statuses { get; }

    public JsonNode Account { get; }

    public Uri Root => _server.Url("");

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

    /// <summary>Serves the account lookup and its statuses; <paramref name="intercept"/> may answer a request itself.</summary>
    public void ServeAccount(Func<HttpListenerContext, Task<bool>>? intercept = null, int rateLimitRemaining = 299)
    {
        _server.Map("/api/v1/accounts/lookup", async context =>
        {
            Check(context.Request, ["acct"]);
            if (intercept is not null && await intercept(context))
            {
                return;
            }

            if (context.Request.QueryString["acct"] != User)
            {
                await WriteAsync(context, 404, "{\"error\":\"Record not found\"}");
                return;
            }

            await WriteAsync(context, 200, Account.ToJsonString());
        });
        _server.Map($"/api/v1/accounts/{AccountId}/statuses", async context =>
        {
            Check(context.Request, StatusParameters);
            if (intercept is not null && await intercept(context))
            {
                return;
            }

            var query = context.Request.QueryString;
            var limit = int.TryParse(query["limit"], NumberStyles.None, CultureInfo.InvariantCulture, out var l) ? Math.Min(l, 40) : 20;
            IEnumerable<JsonNode> page = Statuses.Where(s => query["exclude_reblogs"] != "true" || s["reblog"] is null);
            if (query["max_id"] is { } max)
            {
                page = page.Where(s => Compare((string)s["id"]!, max) < 0);
            }

            if (query["since_id"] is { } since)
            {
                page = page.Where(s => Compare((string)s["id"]!, since) > 0);
            }

            var chosen = query["min_id"] is { } min
                ? page.Where(s => Compare((string)s["id"]!, min) > 0).Reverse().Take(limit).Reverse().ToList()
                : page.Take(limit).ToList();
            foreach (var status in chosen)
            {
                CheckStatus(status);
            }

            if (chosen.Count > 0)
            {
                var self = Root + $"api/v1/accounts/{AccountId}/statuses?limit={limit.ToString(CultureInfo.InvariantCulture)}";
                context.Response.AddHeader("Link", $"<{self}&max_id={chosen[^1]["id"]}>; rel=\"next\", <{self}&min_id={chosen[0]["id"]}>; rel=\"prev\"");
            }

            context.Response.AddHeader("X-RateLimit-Limit", "300");
            context.Response.AddHeader("X-RateLimit-Remaining", rateLimitRemaining.ToString(CultureInfo.InvariantCulture));
            context.Response.AddHeader("X-RateLimit-Reset", "2026-08-01T13:55:00.212100Z");
            context.Response.AddHeader("Cache-Control", "private, no-store");
            await WriteAsync(context, 200, new JsonArray([.. chosen.Select(s => s.DeepClone())]).ToJsonString());
        });
    }

    public static async Task WriteAsync(HttpListenerContext context, int status, string body)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json; charset=utf-8";
        context.Response.ContentLength64 = bytes.Length;
        await context.Response.OutputStream.WriteAsync(bytes);
    }

    private static int Compare(string a, string b) => a.Length != b.Length ? a.Length.CompareTo(b.Length) : string.CompareOrdinal(a, b);

    private void Check(HttpListenerRequest request, string[] allowed)
    {
        var problems = new List<string>();
        if (request.HttpMethod != "GET")
        {
            problems.Add($"method {request.HttpMethod}");
        }

        if (request.Headers["Authorization"] is not null)
        {
            problems.Add("a public read must not send credentials");
        }

        foreach (var key in request.QueryString.AllKeys.OfType<string>())
        {
            var value = request.QueryString[key]!;
            if (!allowed.Contains(key))
            {
                problems.Add($"unknown parameter '{key}'");
            }
            else if (key is "max_id" or "since_id" or "min_id" && (value.Length == 0 || !value.All(char.IsAsciiDigit)))
            {
                problems.Add($"{key} '{value}' is not a status id");
            }
            else if (key == "limit" && !(int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var limit) && limit is >= 1 and <= 40))
            {
                problems.Add($"limit '{value}' is not 1-40");
            }
            else if (key is "only_media" or "exclude_replies" or "exclude_reblogs" or "pinned" && value is not ("true" or "false"))
            {
                problems.Add($"{key} '{value}' is not a boolean");
            }
        }

        Record(problems.Select(p => "request: " + p));
    }

    private void CheckStatus(JsonNode status)
    {
        var missing = StatusAttributes.Where(a => status[a] is null && !(status.AsObject().ContainsKey(a))).ToList();
        Record(missing.Select(m => $"response: status {status["id"]} lacks '{m}'"));
        if (!DateTimeOffset.TryParse((string?)status["created_at"], CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
        {
            Record([$"response: status {status["id"]} created_at is not ISO 8601"]);
        }
    }

    private void Record(IEnumerable<string> problems)
    {
        lock (_violations)
        {
            _violations.AddRange(problems);
        }
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
