using System.Text.Json;
using System.Text.Json.Serialization;
using Alerts.Core.Storage;
using Microsoft.Extensions.Logging;

namespace Alerts.Core.Subscriptions;

/// <summary>
/// Operator tasks behind the CLI and the function-key HTTP endpoints: list, add, remove, export and
/// erase subscribers. Subscribers are named by id or by address.
/// </summary>
public sealed class SubscriberAdmin(
    SubscriptionStore store,
    SubscriptionValidator validator,
    ISubscriberRecords ledger,
    Feedback.FeedbackStore feedback,
    TimeProvider time,
    ILogger<SubscriberAdmin> logger)
{
    private static readonly JsonSerializerOptions ExportJson = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter() },
    };

    private static bool IsAddress(string idOrEmail) => idOrEmail.Contains('@', StringComparison.Ordinal);

    public async Task<IReadOnlyList<Subscription>> ListAsync(CancellationToken cancellationToken)
    {
        var result = new List<Subscription>();
        await foreach (var subscription in store.ListAsync(cancellationToken))
        {
            result.Add(subscription);
        }

        return result.OrderBy(s => s.Email, StringComparer.OrdinalIgnoreCase).ToList();
    }

    /// <summary>A subscriber by id, or by address (through the address row, or the legacy hashed id).</summary>
    public Task<Subscription?> GetAsync(string idOrEmail, CancellationToken cancellationToken) =>
        IsAddress(idOrEmail) ? store.FindByEmailAsync(idOrEmail, cancellationToken)
        : TableKeys.IsValid(idOrEmail.Trim()) ? store.GetAsync(idOrEmail.Trim(), cancellationToken)
        : Task.FromResult<Subscription?>(null);

    /// <summary>Adds (or replaces the filters of) an active subscriber without the opt-in email: the operator vouches for the address.</summary>
    public async Task<SubscriptionFormResult> AddAsync(SubscriptionForm form, CancellationToken cancellationToken)
    {
        var result = await validator.ValidateAsync(form, requireEmail: true, cancellationToken);
        if (!result.IsValid)
        {
            return result;
        }

        var choices = result.Choices!;
        var now = time.GetUtcNow();
        var id = await store.IdForAddressAsync(result.Email!, cancellationToken);
        await store.UpdateAsync(
            id,
            existing => new Subscription(id, result.Email!, choices.OfficialIds, choices.MinimumLevel, choices.Categories, choices.Mode, SubscriptionStatus.Active, existing?.CreatedAt ?? now, now)
            {
                Version = existing is { Status: not SubscriptionStatus.Unsubscribed } ? existing.Version : System.Security.Cryptography.RandomNumberGenerator.GetInt32(1, int.MaxValue),
                LinkEpoch = existing?.LinkEpoch ?? 0,
                LastDigestThrough = existing?.LastDigestThrough,
                IncludeNotJudged = choices.IncludeNotJudged,
            },
            cancellationToken);
        logger.LogAdminAddedSubscriber(id);
        return result with { SubscriptionId = id };
    }

    /// <summary>Stops all email to the subscriber and keeps the record (use <see cref="EraseAsync"/> to forget them).</summary>
    public async Task<bool> RemoveAsync(string idOrEmail, CancellationToken cancellationToken)
    {
        var subscription = await GetAsync(idOrEmail, cancellationToken);
        if (subscription is null)
        {
            return false;
        }

        await store.UpdateAsync(
            subscription.Id,
            current => current is { Status: not SubscriptionStatus.Unsubscribed } ? current with { Status = SubscriptionStatus.Unsubscribed, UnsubscribedAt = time.GetUtcNow() } : null,
            cancellationToken);

        logger.LogAdminRemovedSubscriber(subscription.Id);
        return true;
    }

    /// <summary>Everything held about one subscriber, as JSON: the subscription and every delivery-ledger row. Null when unknown.</summary>
    public async Task<string?> ExportAsync(string idOrEmail, CancellationToken cancellationToken)
    {
        var subscription = await GetAsync(idOrEmail, cancellationToken);
        if (subscription is null)
        {
            return null;
        }

        var rows = await ledger.ListForSubscriberAsync(subscription.Id, cancellationToken);
        var export = new SubscriberExport(
            subscription,
            rows.Select(r => r.Where(p => p.Key != "odata.etag").ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal)).ToList(),
            time.GetUtcNow());
        return JsonSerializer.Serialize(export, ExportJson);
    }

    /// <summary>Deletes the subscription, every ledger row about it and every piece of feedback they gave. Returns false when nothing was held.</summary>
    public async Task<bool> EraseAsync(string idOrEmail, CancellationToken cancellationToken)
    {
        var subscription = await GetAsync(idOrEmail, cancellationToken);
        var id = subscription?.Id ?? idOrEmail.Trim();
        if (!TableKeys.IsValid(id))
        {
            return false;
        }

        var existed = subscription is not null;
        var rows = await ledger.EraseSubscriberAsync(id, cancellationToken);
        rows += await feedback.EraseSubscriberAsync(id, cancellationToken);
        if (existed)
        {
            await store.DeleteAsync(id, cancellationToken);
            await store.DeleteAddressAsync(subscription!.Email, cancellationToken);
        }

        if (IsAddress(idOrEmail))
        {
            await store.DeleteAddressAsync(idOrEmail, cancellationToken);
        }

        logger.LogAdminErasedSubscriber(id, rows);
        return existed || rows > 0;
    }
}

public sealed record SubscriberExport(Subscription Subscription, IReadOnlyList<Dictionary<string, object>> Deliveries, DateTimeOffset ExportedAt);
