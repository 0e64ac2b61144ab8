using Alerts.Core.Email.Templates;
using Alerts.Core.Feedback;
using Alerts.Core.Officials;
using Alerts.Core.Statements;
using Alerts.Core.Subscriptions;
using Alerts.Core.Threats;

namespace Alerts.Core.Archive;

/// <summary>
/// The archive, timeline and feedback pages (<c>Archive/Pages/*.liquid</c>) inside the subscriber pages'
/// layout. Every value goes through the HTML encoder; links between pages are relative and carry their own tokens.
/// </summary>
public sealed class ArchivePages(LiquidTemplates templates, SubscriberLinks links)
{
    public string Archive(Subscription subscription, ArchiveFilterView filter, IReadOnlyList<ArchiveItem> items)
    {
        var token = links.Token(SubscriberLinks.Archive, subscription);
        return Page("Your alerts", "archive", new
        {
            subscription.Email,
            Token = token,
            Filter = filter,
            Items = items.Select(i => ItemView.From(i, token, links.Token(SubscriberLinks.Feedback, subscription))).ToList(),
            AtomUrl = links.FeedUrl(subscription, "atom"),
            JsonUrl = links.FeedUrl(subscription, "json"),
        });
    }

    public string Timeline(Subscription subscription, Official official, IReadOnlyList<TimelineDay> days, bool reported = false, string? error = null)
    {
        var chart = TimelineChart.From(days);
        return Page($"Timeline: {official.Name}", "timeline", new
        {
            Token = links.Token(SubscriberLinks.Archive, subscription),
            Official = official,
            Chart = chart,
            ThreatDays = chart.Bars.Where(b => b.HasThreat).Reverse().ToList(),
            Statements = days.Sum(d => d.Statements),
            Threats = days.Sum(d => d.ThreatCount),
            DayCount = days.Count,
            Legend = new[] { ThreatLevel.Low, ThreatLevel.Medium, ThreatLevel.High, ThreatLevel.Critical }
                .Select(l => new { Label = l.ToString(), Colour = TimelineChart.Colour(l) }).ToList(),
            Reported = reported,
            Error = error,
        });
    }

    public string FeedbackPrompt(string token, StoredStatement statement, FeedbackVerdict verdict) =>
        Page("Feedback on an alert", "feedback", new
        {
            Token = token,
            StatementId = statement.Id,
            Verdict = FeedbackVerdicts.ToValue(verdict),
            Question = FeedbackVerdicts.Question(verdict),
            Alert = AlertView.From(statement, ""),
        });

    public string FeedbackThanks(string archiveToken, FeedbackVerdict verdict) =>
        Page("Thank you", "feedback-thanks", new { Token = archiveToken, Said = FeedbackVerdicts.Label(verdict) });

    private string Page(string title, string name, object model)
    {
        var body = templates.RenderHtml($"Archive/Pages/{name}.liquid", model);
        return templates.RenderHtml("Subscriptions/Pages/layout.liquid", new { Title = title, Body = body });
    }

    private sealed record ItemView(AlertView Alert, string StatementId, string OfficialId, string TimelineToken, IReadOnlyList<FeedbackLink> Feedback)
    {
        public static ItemView From(ArchiveItem item, string archiveToken, string feedbackToken) => new(
            AlertView.From(item.Statement, ""),
            item.Statement.Id,
            item.Statement.OfficialId,
            archiveToken,
            FeedbackVerdicts.All.Select(v => new FeedbackLink(
                FeedbackVerdicts.Label(v),
                $"feedback?token={Uri.EscapeDataString(feedbackToken)}&statement={Uri.EscapeDataString(item.Statement.Id)}&verdict={FeedbackVerdicts.ToValue(v)}")).ToList());
    }

    private sealed record FeedbackLink(string Label, string Href);
}

/// <summary>One archive row: the index entry and the statement it points at.</summary>
public sealed record ArchiveItem(IndexedAlert Alert, StoredStatement Statement);

/// <summary>The archive's filter form: the choices and what is selected.</summary>
public sealed record ArchiveFilterView(IReadOnlyList<Choice> Officials, IReadOnlyList<Choice> Levels, IReadOnlyList<Choice> Categories, bool Filtered, int Shown);
