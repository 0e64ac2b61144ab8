using Alerts.Core.Feedback;

namespace Alerts.Core.Archive;

/// <summary>
/// The "not a threat", "wrong category" and "useful" links under an alert email. Each opens a page with
/// a button (the vote is the POST), so a mail scanner that fetches every link does not vote.
/// </summary>
public sealed record EmailFeedbackLink(string Label, string Url)
{
    public static IReadOnlyList<EmailFeedbackLink> For(EmailLinks links, string statementId) =>
        string.IsNullOrEmpty(links.FeedbackBaseUrl)
            ? []
            : FeedbackVerdicts.All
                .Select(v => new EmailFeedbackLink(FeedbackVerdicts.Label(v), $"{links.FeedbackBaseUrl}&statement={Uri.EscapeDataString(statementId)}&verdict={FeedbackVerdicts.ToValue(v)}"))
                .ToList();
}
