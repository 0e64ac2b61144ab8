using System.Text.Json;
using Alerts.Core.Officials;
using Alerts.Core.Sources;
using Alerts.Core.Statements;
using Alerts.Core.Storage;
using Alerts.Core.Subscriptions;
using Alerts.Core.Threats;

namespace Alerts.Core.Seeding;

/// <summary>
/// Loads <c>seeds/officials.json</c>, <c>sources.json</c> and <c>subscribers.json</c> into the tables.
/// Re-running it keeps checkpoints and statements, so a second demo run finds nothing new.
/// </summary>
public sealed class SeedLoader(OfficialStore officials, SourceStore sources, SubscriptionStore subscriptions, TimeProvider time)
{
    public async Task<SeedCounts> LoadAsync(string seedsFolder, CancellationToken cancellationToken)
    {
        var officialSeeds = await ReadAsync<OfficialSeed>(seedsFolder, "officials.json", cancellationToken);
        foreach (var o in officialSeeds)
        {
            await officials.UpsertAsync(new Official(o.Id, o.Name, o.Aliases ?? [], o.Role, o.Country, o.XUserId, SocialAccounts.NormalizeAll(o.Accounts ?? [])), cancellationToken);
        }

        var sourceSeeds = await ReadAsync<SourceSeed>(seedsFolder, "sources.json", cancellationToken);
        foreach (var s in sourceSeeds)
        {
            if (!Enum.TryParse<SourceKind>(s.Kind, ignoreCase: true, out var kind))
            {
                throw new InvalidDataException($"sources.json: source '{s.Id}' has unknown kind '{s.Kind}' (Feed, File, XUser, Telegram, Bluesky, Mastodon or Page).");
            }

            var location = kind == SourceKind.File && !Path.IsPathRooted(s.Location) ? Path.GetFullPath(Path.Combine(seedsFolder, s.Location)) : s.Location;
            await sources.UpsertDefinitionAsync(
                new SourceDefinition(s.Id, s.Name, kind, location, TimeSpan.FromMinutes(s.PollIntervalMinutes ?? 5), s.Enabled ?? true, s.Selector),
                cancellationToken);
        }

        var subscriberSeeds = await ReadAsync<SubscriberSeed>(seedsFolder, "subscribers.json", cancellationToken);
        foreach (var s in subscriberSeeds)
        {
            if (await subscriptions.FindByEmailAsync(s.Email, cancellationToken) is not null)
            {
                continue;
            }

            // Seeded (demo and local) subscribers keep the address-derived legacy id, so fixtures and the
            // demo can name them; every sign-up through the product gets a random id.
            var id = SubscriptionStore.IdFor(s.Email);

            var now = time.GetUtcNow();
            await subscriptions.UpsertAsync(
                new Subscription(
                    id,
                    s.Email,
                    s.Officials ?? [],
                    Enum.TryParse<ThreatLevel>(s.MinimumLevel, ignoreCase: true, out var level) ? level : ThreatLevel.Medium,
                    s.Categories ?? [],
                    Enum.TryParse<DeliveryMode>(s.Mode, ignoreCase: true, out var mode) ? mode : DeliveryMode.Immediate,
                    SubscriptionStatus.Active,
                    now,
                    now),
                cancellationToken);
        }

        return new SeedCounts(officialSeeds.Count, sourceSeeds.Count, subscriberSeeds.Count);
    }

    private static async Task<List<T>> ReadAsync<T>(string folder, string file, CancellationToken cancellationToken)
    {
        var path = Path.Combine(folder, file);
        if (!File.Exists(path))
        {
            return [];
        }

        await using var stream = File.OpenRead(path);
        try
        {
            return await JsonSerializer.DeserializeAsync<List<T>>(stream, QueueMessageJson.Options, cancellationToken) ?? [];
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"{path}: {ex.Message}", ex);
        }
    }
}

public sealed record SeedCounts(int Officials, int Sources, int Subscribers);
