using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;
using Alerts.Local;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using NJsonSchema;
using NJsonSchema.Validation;

namespace Alerts.Core.IntegrationTests.Delivery;

/// <summary>What the fake answers to the next request.</summary>
public enum FakeReply
{
    Accept,
    TooManyWithReset,
    TooManyWithoutReset,
    ServerError,
    BadRequest,
    Hang,
}

/// <summary>One request the fake received, with what the published schema said about it.</summary>
public sealed record FakeMailRequest(string Body, JsonNode? Json, string? Authorization, IReadOnlyList<string> SchemaErrors, FakeReply Reply)
{
    public string? To => Json?["personalizations"]?[0]?["to"]?[0]?["email"]?.GetValue<string>();

    /// <summary>Personalization-level values win over message-level ones, as SendGrid applies them.</summary>
    public string? Subject => (Personalization?["subject"] ?? Json?["subject"])?.GetValue<string>();

    public string? Header(string name) => (Personalization?["headers"]?[name] ?? Json?["headers"]?[name])?.GetValue<string>();

    public string? CustomArg(string name) => (Personalization?["custom_args"]?[name] ?? Json?["custom_args"]?[name])?.GetValue<string>();

    private JsonNode? Personalization => Json?["personalizations"]?[0];

    public string? Content(string type) =>
        Json?["content"]?.AsArray().FirstOrDefault(c => c?["type"]?.GetValue<string>() == type)?["value"]?.GetValue<string>();
}

/// <summary>
/// A local SendGrid v3 Mail Send on 127.0.0.1:0 (Kestrel). Every request body is checked against SendGrid's
/// published schema (<c>../shared/fixtures/sendgrid/mail-send.schema.json</c>, read in place, formats on);
/// it answers 202 with <c>X-Message-Id</c> unless told otherwise for the next requests (429 with or without
/// <c>X-RateLimit-Reset</c>, 500, 400, or hang until the client gives up). It also answers the Email
/// Activity query (<c>GET /v3/messages?query=unique_args['statement_id']="..." AND ...</c>) from the mail it
/// accepted, or 403 as an account without the activity add-on does.
/// </summary>
public sealed class SendGridFake : IAsyncDisposable
{
    public const string ApiKey = "SG.test-key";

    private readonly ConcurrentQueue<FakeReply> _script = new();
    private readonly ConcurrentQueue<FakeMailRequest> _requests = new();
    private readonly ConcurrentQueue<(string? StatementId, string? SubscriptionId, string MessageId, string? To)> _accepted = new();
    private readonly ConcurrentQueue<string> _activityQueries = new();
    private readonly WebApplication _app;
    private readonly JsonSchema _schema;
    private readonly TimeProvider _time;
    private int _messageCounter;

    private SendGridFake(WebApplication app, JsonSchema schema, TimeProvider time)
    {
        _app = app;
        _schema = schema;
        _time = time;
    }

    public string BaseUrl { get; private set; } = "";

    public IReadOnlyList<FakeMailRequest> Requests => [.. _requests];

    /// <summary>Whether the account has Email Activity access; without it the query answers 403.</summary>
    public bool ActivityAvailable { get; set; } = true;

    /// <summary>The decoded <c>query</c> of every Email Activity request.</summary>
    public IReadOnlyList<string> ActivityQueries => [.. _activityQueries];

    /// <summary>Requests that got a 202: the emails that went out.</summary>
    public IReadOnlyList<FakeMailRequest> Delivered => [.. _requests.Where(r => r.Reply == FakeReply.Accept)];

    /// <summary>Where the published schema lives, or null when the shared fixtures are not beside the checkout.</summary>
    public static string? SchemaPath()
    {
        var root = RepositoryRoot.TryFind();
        if (root is null)
        {
            return null;
        }

        var path = Path.GetFullPath(Path.Combine(root, "..", "shared", "fixtures", "sendgrid", "mail-send.schema.json"));
        return File.Exists(path) ? path : null;
    }

    public static async Task<SendGridFake> StartAsync(TimeProvider time, CancellationToken cancellationToken)
    {
        var path = SchemaPath() ?? throw new InvalidOperationException("SendGrid schema not found; call SchemaPath() first and skip.");
        var schema = await JsonSchema.FromFileAsync(path, cancellationToken);
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var fake = new SendGridFake(app, schema, time);
        app.MapPost("/v3/mail/send", fake.HandleAsync);
        app.MapGet("/v3/messages", fake.HandleActivityAsync);
        await app.StartAsync(cancellationToken);
        fake.BaseUrl = app.Urls.First();
        return fake;
    }

    public void Next(params FakeReply[] replies)
    {
        foreach (var reply in replies)
        {
            _script.Enqueue(reply);
        }
    }

    public void Reset()
    {
        _script.Clear();
        _requests.Clear();
        _accepted.Clear();
        _activityQueries.Clear();
        ActivityAvailable = true;
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync(context.RequestAborted);
        var authorization = context.Request.Headers.Authorization.ToString();
        JsonNode? json = null;
        var errors = new List<string>();
        try
        {
            json = JsonNode.Parse(body);
            errors.AddRange(_schema.Validate(body, new JsonSchemaValidatorSettings()).Select(Describe));
        }
        catch (System.Text.Json.JsonException ex)
        {
            errors.Add("body is not JSON: " + ex.Message);
        }

        if (authorization != "Bearer " + ApiKey)
        {
            _requests.Enqueue(new FakeMailRequest(body, json, authorization, errors, FakeReply.BadRequest));
            await Error(context, StatusCodes.Status401Unauthorized, "authorization required");
            return;
        }

        var reply = _script.TryDequeue(out var scripted) ? scripted : FakeReply.Accept;
        if (errors.Count > 0 && reply == FakeReply.Accept)
        {
            reply = FakeReply.BadRequest;
        }

        var received = new FakeMailRequest(body, json, authorization, errors, reply);
        _requests.Enqueue(received);
        switch (reply)
        {
            case FakeReply.Accept:
                var messageId = "fake-" + Interlocked.Increment(ref _messageCounter).ToString(CultureInfo.InvariantCulture);
                _accepted.Enqueue((received.CustomArg("statement_id"), received.CustomArg("subscription_id"), messageId, received.To));
                context.Response.StatusCode = StatusCodes.Status202Accepted;
                context.Response.Headers["X-Message-Id"] = messageId;
                return;
            case FakeReply.TooManyWithReset:
                context.Response.Headers["X-RateLimit-Limit"] = "600";
                context.Response.Headers["X-RateLimit-Remaining"] = "0";
                context.Response.Headers["X-RateLimit-Reset"] = (_time.GetUtcNow().ToUnixTimeSeconds() + 2).ToString(CultureInfo.InvariantCulture);
                await Error(context, StatusCodes.Status429TooManyRequests, "too many requests");
                return;
            case FakeReply.TooManyWithoutReset:
                await Error(context, StatusCodes.Status429TooManyRequests, "too many requests");
                return;
            case FakeReply.ServerError:
                await Error(context, StatusCodes.Status500InternalServerError, "internal error");
                return;
            case FakeReply.BadRequest:
                await Error(context, StatusCodes.Status400BadRequest, errors.Count > 0 ? string.Join("; ", errors) : "The from address does not match a verified Sender Identity.");
                return;
            case FakeReply.Hang:
                await Task.Delay(Timeout.InfiniteTimeSpan, context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
                return;
        }
    }

    private async Task HandleActivityAsync(HttpContext context)
    {
        if (context.Request.Headers.Authorization.ToString() != "Bearer " + ApiKey)
        {
            await Error(context, StatusCodes.Status401Unauthorized, "authorization required");
            return;
        }

        var query = context.Request.Query["query"].ToString();
        _activityQueries.Enqueue(query);
        if (!ActivityAvailable)
        {
            await Error(context, StatusCodes.Status403Forbidden, "access forbidden");
            return;
        }

        var match = System.Text.RegularExpressions.Regex.Match(
            query, @"^\(unique_args\['statement_id'\]=""(?<st>[^""]+)"" AND unique_args\['subscription_id'\]=""(?<sub>[^""]+)""\)$");
        if (!match.Success || !int.TryParse(context.Request.Query["limit"], CultureInfo.InvariantCulture, out var limit) || limit is < 1 or > 1000)
        {
            await Error(context, StatusCodes.Status400BadRequest, "invalid query or limit");
            return;
        }

        var messages = new JsonArray();
        foreach (var sent in _accepted.Where(a => a.StatementId == match.Groups["st"].Value && a.SubscriptionId == match.Groups["sub"].Value).Take(limit))
        {
            messages.Add(new JsonObject
            {
                ["from_email"] = "alerts@example.com",
                ["msg_id"] = sent.MessageId + ".filter0001-1-1",
                ["subject"] = "alert",
                ["to_email"] = sent.To,
                ["status"] = "delivered",
                ["opens_count"] = 0,
                ["clicks_count"] = 0,
                ["last_event_time"] = _time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture),
            });
        }

        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(new JsonObject { ["messages"] = messages }.ToJsonString());
    }

    private static Task Error(HttpContext context, int status, string message)
    {
        context.Response.StatusCode = status;
        var error = new JsonObject { ["errors"] = new JsonArray(new JsonObject { ["message"] = message, ["field"] = null, ["help"] = null }) };
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(error.ToJsonString());
    }

    private static string Describe(ValidationError error) => $"{error.Path}: {error.Kind}";

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
