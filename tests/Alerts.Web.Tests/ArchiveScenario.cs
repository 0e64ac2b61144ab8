using Alerts.Core.Archive;
using Alerts.Core.Delivery;
using Alerts.Core.Officials;
using Alerts.Core.Statements;
using Alerts.Core.Subscriptions;
using Alerts.Core.Threats;
using Microsoft.Extensions.DependencyInjection;

namespace Alerts.Web.Tests;

/// <summary>
/// One subscriber with three alerts delivered through the real <see cref="AlertDeliverer"/> (so the emails
/// and the archive index are the product's own), and a Khawaja Asif timeline with quiet days and threat days.
/// </summary>
internal sealed class ArchiveScenario
{
    public const string HostileText = "Asif said <script>window.__xss=4</script> the army will \"strike\" & destroy any incursion.";

    public required string Email { get; init; }

    public required Subscription Subscription { get; init; }

    /// <summary>An official of this scenario's own, so timelines of tests sharing the host do not add up.</summary>
    public required string OfficialId { get; init; }

    public required StoredStatement Strike { get; init; }

    public required StoredStatement Blockade { get; init; }

    public required StoredStatement Hostile { get; init; }

    public static async Task<ArchiveScenario> CreateAsync(SubscriptionPagesHost host, CancellationToken ct)
    {
        var services = host.Services;
        var now = DateTimeOffset.UtcNow;
        var email = $"archive-{Guid.NewGuid():N}@example.org";
        var subscription = new Subscription(SubscriptionStore.IdFor(email), email, [], ThreatLevel.Low, [], DeliveryMode.Immediate, SubscriptionStatus.Active, now.AddDays(-30), now.AddDays(-30)) { Version = 11 };
        await services.GetRequiredService<SubscriptionStore>().UpsertAsync(subscription, ct);

        var suffix = Guid.NewGuid().ToString("N")[..8];
        var officialId = "asif-" + suffix;
        await services.GetRequiredService<OfficialStore>().UpsertAsync(new Official(officialId, "Khawaja Muhammad Asif", ["Khawaja Asif"], "Minister of Defence", "Pakistan"), ct);
        var strikeAt = HostileText.IndexOf("\"strike\"", StringComparison.Ordinal) + 1;
        var destroyAt = HostileText.IndexOf("destroy", StringComparison.Ordinal);
        var strike = Statement("st-strike-" + suffix, officialId, "Khawaja Muhammad Asif", HostileText, now.AddDays(-2), ThreatLevel.High, ThreatCategories.MilitaryForce,
            [new ThreatEvidence(strikeAt, strikeAt + 6, "strike", ThreatCategories.MilitaryForce, "r1"), new ThreatEvidence(destroyAt, destroyAt + 7, "destroy", ThreatCategories.MilitaryForce, "r2")]);
        const string BlockadeText = "We will close the border crossings until the demands are met.";
        var blockade = Statement("st-blockade-" + suffix, officialId, "Khawaja Muhammad Asif", BlockadeText, now.AddDays(-1), ThreatLevel.Medium, ThreatCategories.BlockadeOccupation,
            [Evidence(BlockadeText, "close the border crossings", "r3", ThreatCategories.BlockadeOccupation)]);
        const string HostileOfficialText = "Any attack will be answered with overwhelming force.";
        var hostile = Statement("st-hostile-" + suffix, "hostile-name", "<img src=x onerror=\"window.__xss=1\">Mr \"Quote\"", HostileOfficialText, now.AddHours(-1), ThreatLevel.Critical, ThreatCategories.MilitaryForce,
            [Evidence(HostileOfficialText, "overwhelming force", "r4")]);

        var statements = services.GetRequiredService<StatementStore>();
        var timeline = services.GetRequiredService<StatementTimeline>();
        var deliverer = services.GetRequiredService<AlertDeliverer>();
        foreach (var statement in new[] { strike, blockade, hostile })
        {
            await statements.TryAddAsync(statement, ct);
            await timeline.RecordAsync(statement, ct);
            var outcome = await deliverer.DeliverAsync(new DeliveryRequest(statement.Id, subscription.Id, "corr-" + statement.Id), "msg-" + statement.Id, ct);
            Assert.Equal(DeliveryOutcomeKind.Sent, outcome.Kind);
        }

        // Quiet statements over the last weeks, and one that falls outside the 90 days.
        foreach (var daysAgo in new[] { 2, 2, 5, 20, 45, 89, 120 })
        {
            var quiet = Statement($"st-quiet-{daysAgo}-{Guid.NewGuid():N}", officialId, "Khawaja Muhammad Asif", "Talks continue.", now.AddDays(-daysAgo), ThreatLevel.None, null, []);
            await timeline.RecordAsync(quiet, ct);
        }

        return new ArchiveScenario { Email = email, OfficialId = officialId, Subscription = subscription, Strike = strike, Blockade = blockade, Hostile = hostile };
    }

    private static ThreatEvidence Evidence(string text, string phrase, string rule, string category = ThreatCategories.MilitaryForce)
    {
        var start = text.IndexOf(phrase, StringComparison.Ordinal);
        return new ThreatEvidence(start, start + phrase.Length, phrase, category, rule);
    }

    private static StoredStatement Statement(string id, string officialId, string officialName, string text, DateTimeOffset at, ThreatLevel level, string? category, IReadOnlyList<ThreatEvidence> evidence) =>
        new(id, officialId, officialName, text, null, "https://news.example.org/" + id,
            [new StatementSource("dawn", "Dawn", "item-" + id, "https://www.dawn.com/news/" + id, "Report", at)],
            at.AddMinutes(-30), at,
            new ThreatAnalysis(level > ThreatLevel.None, level > ThreatLevel.None ? 20 * (int)level : 0, level, category is null ? [] : [category], evidence, "test", "en"),
            "corr-" + id);
}
