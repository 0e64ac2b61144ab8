using System.Collections.Specialized;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using NJsonSchema;

namespace Alerts.Testing;

/// <summary>
/// A local stand-in for X API v2 that answers with the real fixture bodies in ../shared/fixtures/x-api,
/// checks each request against the OpenAPI spec there (auth, path, query parameters), and validates each
/// answer against the published response schemas before sending it.
/// </summary>
public sealed partial class FakeXApi : IAsyncDisposable
{
    public const string Token = "test-bearer-token";

    private static readonly string[] AllowedExclude = ["replies", "retweets"];

    private readonly LocalHttpServer _server = new();
    private readonly string _folder;
    private readonly JsonSchema _tweetsSchema;
    private readonly JsonSchema _errorSchema;
    private readonly List<string> _violations = [];

    private FakeXApi(string folder, JsonSchema tweetsSchema, JsonSchema errorSchema)
    {
        _folder = folder;
        _tweetsSchema = tweetsSchema;
        _errorSchema = errorSchema;
    }

    public static async Task<FakeXApi> StartAsync(string folder)
    {
        var tweets = await LoadSchemaAsync(Path.Combine(folder, "user-tweets.response.schema.json"));
        var error = await LoadSchemaAsync(Path.Combine(folder, "error.schema.json"));
        return new FakeXApi(folder, tweets, error);
    }

    /// <summary>
    /// NJsonSchema resolves draft-7 <c>definitions</c> but not 2020-12 <c>$defs</c>, and the OpenAPI
    /// discriminator mappings still point at <c>#/components/schemas</c>; the schemas use nothing else from
    /// 2020-12, so pointing both at <c>definitions</c> keeps every constraint.
    /// </summary>
    private static async Task<JsonSchema> LoadSchemaAsync(string path)
    {
        var text = await File.ReadAllTextAsync(path);
        text = text.Replace("\"$defs\"", "\"definitions\"", StringComparison.Ordinal).Replace("#/$defs/", "#/definitions/", StringComparison.Ordinal)
            .Replace("#/components/schemas/", "#/definitions/", StringComparison.Ordinal);
        return await JsonSchema.FromJsonAsync(text);
    }

    public string BaseUrl => _server.Url("").ToString().TrimEnd('/');

    public IReadOnlyList<RecordedRequest> Requests => _server.Requests;

    /// <summary>Every way a request broke the spec, or an answer broke its schema; empty when all was well.</summary>
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

    /// <summary>Answers the user's timeline: page 1 then page 2 without since_id, nothing new with it.</summary>
    public void ServeTimeline(string userId, Func<NameValueCollection, (int Status, string File, IDictionary<string, string>? Headers)>? choose = null)
    {
        choose ??= query => query["since_id"] is not null ? (200, "user-tweets-empty.json", null)
            : query["pagination_token"] is not null ? (200, "user-tweets-page2-last.json", null)
            : (200, "user-tweets-page1.json", null);
        _server.Map($"/2/users/{userId}/tweets", async context =>
        {
            Check(context.Request);
            var (status, file, headers) = choose(context.Request.QueryString);
            var body = await File.ReadAllTextAsync(Path.Combine(_folder, file));
            Validate(status == 200 ? _tweetsSchema : _errorSchema, body, file);
            context.Response.StatusCode = status;
            context.Response.ContentType = "application/json";
            context.Response.AddHeader("x-rate-limit-limit", "900");
            context.Response.AddHeader("x-rate-limit-remaining", headers?.TryGetValue("x-rate-limit-remaining", out var r) == true ? r : "899");
            context.Response.AddHeader("x-rate-limit-reset", headers?.TryGetValue("x-rate-limit-reset", out var reset) == true ? reset : DateTimeOffset.UtcNow.AddMinutes(15).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture));
            var bytes = Encoding.UTF8.GetBytes(body);
            await context.Response.OutputStream.WriteAsync(bytes);
        });
    }

    public void ServeBody(string userId, int status, string json, IDictionary<string, string>? headers = null)
    {
        _server.Map($"/2/users/{userId}/tweets", async context =>
        {
            Check(context.Request);
            Validate(status == 200 ? _tweetsSchema : _errorSchema, json, "inline body");
            context.Response.StatusCode = status;
            foreach (var (name, value) in headers ?? new Dictionary<string, string>())
            {
                context.Response.AddHeader(name, value);
            }

            await context.Response.OutputStream.WriteAsync(Encoding.UTF8.GetBytes(json));
        });
    }

    private void Check(HttpListenerRequest request)
    {
        if (request.Headers["Authorization"] != "Bearer " + Token)
        {
            Violation($"Authorization header was '{request.Headers["Authorization"]}'");
        }

        if (!UserPath().IsMatch(request.Url!.AbsolutePath))
        {
            Violation($"path {request.Url.AbsolutePath} is not /2/users/{{id}}/tweets with a 1-19 digit id");
        }

        var query = request.QueryString;
        foreach (var key in query.AllKeys.OfType<string>())
        {
            if (key is not ("max_results" or "since_id" or "until_id" or "pagination_token" or "exclude" or "start_time" or "end_time" or "tweet.fields" or "post.fields" or "expansions" or "user.fields" or "media.fields" or "poll.fields" or "place.fields"))
            {
                Violation($"unknown query parameter {key}");
            }
        }

        if (query["max_results"] is { } max && (!int.TryParse(max, out var n) || n < 5 || n > 100))
        {
            Violation($"max_results {max} is outside 5-100");
        }

        foreach (var idParameter in new[] { "since_id", "until_id" })
        {
            if (query[idParameter] is { } id && !Digits().IsMatch(id))
            {
                Violation($"{idParameter} {id} is not 1-19 digits");
            }
        }

        foreach (var timeParameter in new[] { "start_time", "end_time" })
        {
            if (query[timeParameter] is { } value && (!DateTimeOffset.TryParseExact(value, "yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var at) || at < new DateTimeOffset(2010, 11, 6, 0, 0, 0, TimeSpan.Zero)))
            {
                Violation($"{timeParameter} {value} is not an RFC 3339 date-time on or after 2010-11-06");
            }
        }

        if (query["pagination_token"] is { Length: 0 })
        {
            Violation("pagination_token is empty");
        }

        if (query["exclude"] is { } exclude)
        {
            var values = exclude.Split(',');
            if (values.Length == 0 || values.Distinct().Count() != values.Length || values.Any(v => !AllowedExclude.Contains(v)))
            {
                Violation($"exclude {exclude} is not a unique list of replies/retweets");
            }
        }

        // The spec's Post fields (the spec calls the parameter post.fields; the live API and docs use tweet.fields).
        if ((query["tweet.fields"] ?? query["post.fields"]) is { } fields)
        {
            string[] known = ["attachments", "author_id", "card_uri", "context_annotations", "conversation_id", "created_at", "edit_controls", "edit_history_tweet_ids", "entities", "geo", "id", "in_reply_to_user_id", "lang", "note_tweet", "possibly_sensitive", "public_metrics", "referenced_tweets", "reply_settings", "source", "text", "withheld"];
            foreach (var field in fields.Split(','))
            {
                if (!known.Contains(field))
                {
                    Violation($"tweet.fields has unknown field {field}");
                }
            }
        }
    }

    private void Validate(JsonSchema schema, string json, string what)
    {
        ICollection<NJsonSchema.Validation.ValidationError> errors;
        try
        {
            errors = schema.Validate(json);
        }
        catch (Exception ex) when (ex is InvalidOperationException or NotSupportedException or JsonException)
        {
            Violation($"{what} could not be validated: {ex.GetType().Name}: {ex.Message}");
            return;
        }

        if (errors.Count > 0)
        {
            Violation($"{what} does not match its schema: {string.Join("; ", errors.Select(e => e.ToString()))}");
        }

        using var _ = JsonDocument.Parse(json);
    }

    private void Violation(string message)
    {
        lock (_violations)
        {
            _violations.Add(message);
        }
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    [GeneratedRegex("^/2/users/[0-9]{1,19}/tweets$")]
    private static partial Regex UserPath();

    [GeneratedRegex("^[0-9]{1,19}$")]
    private static partial Regex Digits();
}
