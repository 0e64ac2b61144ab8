using Alerts.Core.Email.Templates;
using Alerts.Core.Officials;
using Alerts.Core.Statements;
using Alerts.Core.Threats;

namespace Alerts.Core.Subscriptions;

/// <summary>
/// The subscriber pages (subscribe, check your inbox, confirm, confirmed, preferences, unsubscribe,
/// unsubscribed, invalid link), rendered from <c>Subscriptions/Pages/*.liquid</c> inside one phone-first
/// layout. Every value goes through the HTML encoder; forms post back to the same relative URL.
/// </summary>
public sealed class SubscriptionPages(LiquidTemplates templates)
{
    public string Subscribe(IReadOnlyList<Official> officials, SubscriptionForm? values = null, IReadOnlyDictionary<string, string>? errors = null) =>
        Page("Subscribe to threat alerts", "subscribe", new
        {
            Email = values?.Email ?? "",
            Form = FormView.From(officials, values),
            Errors = ErrorList(errors),
            FieldErrors = errors ?? new Dictionary<string, string>(),
        });

    public string SubscribeSent() => Page("Check your inbox", "subscribe-sent", new { });

    public string ConfirmPrompt(string token) => Page("Confirm your subscription", "confirm", new { Token = token });

    public string Confirmed(Subscription subscription, string preferencesToken, IReadOnlyList<Official> officials) =>
        Page("Subscription confirmed", "confirmed", new { Summary = Summary(subscription, officials), PreferencesToken = preferencesToken });

    public string AlreadyConfirmed() => Page("Already confirmed", "already-confirmed", new { });

    public string LinksSignedOut() => Page("Links signed out", "links-signed-out", new { });

    public string Preferences(
        Subscription subscription, string token, string unsubscribeToken, IReadOnlyList<Official> officials,
        SubscriptionForm? values = null, IReadOnlyDictionary<string, string>? errors = null, bool saved = false) =>
        Page("Your alert preferences", "preferences", new
        {
            subscription.Email,
            Token = token,
            UnsubscribeToken = unsubscribeToken,
            Form = FormView.From(officials, values ?? FormView.FromSubscription(subscription)),
            Errors = ErrorList(errors),
            FieldErrors = errors ?? new Dictionary<string, string>(),
            Saved = saved,
            Summary = Summary(subscription, officials),
        });

    public string UnsubscribePrompt(string token) => Page("Unsubscribe", "unsubscribe", new { Token = token });

    public string Unsubscribed() => Page("You are unsubscribed", "unsubscribed", new { });

    public string InvalidLink() => Page("This link does not work", "invalid-link", new { });

    public string Problem(string title, string message) => Page(title, "problem", new { Message = message });

    private string Page(string title, string name, object model)
    {
        var body = templates.RenderHtml($"Subscriptions/Pages/{name}.liquid", model);
        return templates.RenderHtml("Subscriptions/Pages/layout.liquid", new { Title = title, Body = body });
    }

    private static List<FieldError> ErrorList(IReadOnlyDictionary<string, string>? errors) =>
        errors?.Select(e => new FieldError(e.Key, e.Value)).ToList() ?? [];

    private static string Summary(Subscription s, IReadOnlyList<Official> officials)
    {
        var names = officials.ToDictionary(o => o.Id, o => o.Name, StringComparer.Ordinal);
        var who = s.OfficialIds.Count == 0 ? "all watched officials" : string.Join(", ", s.OfficialIds.Select(id => names.GetValueOrDefault(id, id)));
        var what = s.Categories.Count == 0 ? "every category" : string.Join(", ", s.Categories.Select(AlertView.Display));
        var how = s.Mode switch
        {
            DeliveryMode.Digest => "in one daily digest",
            DeliveryMode.WeeklyDigest => "in one weekly digest",
            _ => "as they happen",
        };
        var unread = s.IncludeNotJudged ? " Also statements in languages the judge does not read, marked as not judged." : "";
        return $"Alerts about {who}, level {s.MinimumLevel} or above, {what}, {how}.{unread}";
    }
}

public sealed record FieldError(string Field, string Message);

public sealed record Choice(string Value, string Label, string Detail, bool Selected);

/// <summary>The subscribe and preferences form as the templates see it.</summary>
public sealed record FormView(bool AllOfficials, IReadOnlyList<Choice> Officials, IReadOnlyList<Choice> Levels, IReadOnlyList<Choice> Categories, bool Digest, bool NotJudged)
{
    /// <summary>The weekly digest is chosen (the daily <see cref="Digest"/> is then false).</summary>
    public bool Weekly { get; init; }

    public static SubscriptionForm FromSubscription(Subscription s) =>
        new(s.Email, s.OfficialIds, s.MinimumLevel.ToString(), s.Categories, s.Mode.ToString(), s.IncludeNotJudged ? "true" : "false");

    public static FormView From(IReadOnlyList<Official> officials, SubscriptionForm? values)
    {
        var chosen = (values?.Officials ?? []).ToHashSet(StringComparer.Ordinal);
        var all = chosen.Count == 0 || chosen.Contains("all");
        var level = string.IsNullOrWhiteSpace(values?.MinimumLevel) ? nameof(ThreatLevel.Medium) : values.MinimumLevel;
        var categories = (values?.Categories ?? []).ToHashSet(StringComparer.Ordinal);
        return new FormView(
            all,
            officials.OrderBy(o => o.Name, StringComparer.OrdinalIgnoreCase)
                .Select(o => new Choice(o.Id, o.Name, string.Join(", ", new[] { o.Role, o.Country }.Where(x => !string.IsNullOrWhiteSpace(x))), !all && chosen.Contains(o.Id)))
                .ToList(),
            SubscriptionValidator.Levels.Select(l => new Choice(l.ToString().ToLowerInvariant(), l.ToString(), "", string.Equals(l.ToString(), level, StringComparison.OrdinalIgnoreCase))).ToList(),
            ThreatCategories.All.Select(c => new Choice(c, AlertView.Display(c), "", categories.Contains(c))).ToList(),
            string.Equals(values?.Mode, nameof(DeliveryMode.Digest), StringComparison.OrdinalIgnoreCase),
            values?.NotJudged?.Trim().ToLowerInvariant() is "true" or "on" or "yes" or "1")
        {
            Weekly = values?.Mode?.Trim().ToLowerInvariant() is "weekly" or "weeklydigest",
        };
    }
}
