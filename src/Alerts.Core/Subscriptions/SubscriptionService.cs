using System.Security.Cryptography;
using Alerts.Core.Delivery;
using Alerts.Core.Statements;
using Microsoft.Extensions.Logging;

namespace Alerts.Core.Subscriptions;

public enum LinkOutcome
{
    /// <summary>The link did what it says (or had already done it).</summary>
    Done,

    /// <summary>Forged, expired, for another purpose, or from an earlier subscription of the address.</summary>
    Invalid,
}

/// <summary>
/// The subscriber's side of the product, behind the HTTP functions and the pages: sign up (double opt-in),
/// confirm, change preferences, leave. Answers never depend on whether an address is already subscribed:
/// the difference only shows in the email that the address's owner receives.
/// </summary>
public sealed class SubscriptionService(
    SubscriptionStore store,
    SubscriptionValidator validator,
    SubscriptionTokens tokens,
    OfficialStore officials,
    ConfirmationEmailRenderer confirmations,
    IEmailSender sender,
    TimeProvider time,
    ILogger<SubscriptionService> logger)
{
    /// <summary>How long a confirm link works and an unconfirmed subscription lives.</summary>
    public static readonly TimeSpan ConfirmWindow = TimeSpan.FromDays(7);

    /// <summary>At most one confirmation email per address in this time, so the form cannot be used to flood an inbox.</summary>
    public static readonly TimeSpan ResendInterval = TimeSpan.FromMinutes(10);

    public async Task<SubscriptionFormResult> SubscribeAsync(SubscriptionForm form, CancellationToken cancellationToken)
    {
        var checkedForm = await validator.ValidateAsync(form, requireEmail: true, cancellationToken);
        if (!checkedForm.IsValid)
        {
            return checkedForm;
        }

        var email = checkedForm.Email!;
        var choices = checkedForm.Choices!;
        var now = time.GetUtcNow();
        var id = SubscriptionStore.IdFor(email);
        var existing = await store.GetAsync(id, cancellationToken);
        if (existing is { Status: not SubscriptionStatus.Unsubscribed, ConfirmationSentAt: { } last } && now - last < ResendInterval)
        {
            logger.LogInformation("Subscribe for {SubscriptionId}: confirmation sent recently, not sending another", id);
            return checkedForm;
        }

        var subscription = existing switch
        {
            { Status: SubscriptionStatus.Active } => existing,
            { Status: SubscriptionStatus.Pending } when now - existing.CreatedAt < ConfirmWindow => existing with
            {
                OfficialIds = choices.OfficialIds, MinimumLevel = choices.MinimumLevel, Categories = choices.Categories, Mode = choices.Mode, IncludeNotJudged = choices.IncludeNotJudged,
            },
            _ => new Subscription(id, email, choices.OfficialIds, choices.MinimumLevel, choices.Categories, choices.Mode, SubscriptionStatus.Pending, now)
            {
                Version = NewVersion(existing?.Version),
                IncludeNotJudged = choices.IncludeNotJudged,
            },
        };

        var message = confirmations.Render(subscription, await officials.ListAsync(cancellationToken));
        var sent = await sender.SendAsync(message, cancellationToken);
        if (sent.Status == EmailSendStatus.Sent)
        {
            subscription = subscription with { ConfirmationSentAt = now };
        }
        else
        {
            logger.LogWarning("Confirmation email for {SubscriptionId} not sent: {Reason}", id, sent.Error);
        }

        await store.UpsertAsync(subscription, cancellationToken);
        logger.LogInformation("Subscribe for {SubscriptionId}: {Status}, confirmation {SendStatus}", id, subscription.Status, sent.Status);
        return checkedForm;
    }

    /// <summary>Whether a confirm link would work (for the page that asks the reader to press Confirm).</summary>
    public async Task<bool> CanConfirmAsync(string? token, CancellationToken cancellationToken) =>
        await PendingOrActiveForAsync(SubscriptionTokens.Confirm, token, cancellationToken) is not null;

    /// <summary>Double opt-in: a pending subscription within its window becomes active. Confirming twice is fine.</summary>
    public async Task<(LinkOutcome Outcome, Subscription? Subscription)> ConfirmAsync(string? token, CancellationToken cancellationToken)
    {
        var subscription = await PendingOrActiveForAsync(SubscriptionTokens.Confirm, token, cancellationToken);
        if (subscription is null)
        {
            return (LinkOutcome.Invalid, null);
        }

        if (subscription.Status == SubscriptionStatus.Pending)
        {
            subscription = subscription with { Status = SubscriptionStatus.Active, ConfirmedAt = time.GetUtcNow() };
            await store.UpsertAsync(subscription, cancellationToken);
            logger.LogInformation("Subscription {SubscriptionId} confirmed", subscription.Id);
        }

        return (LinkOutcome.Done, subscription);
    }

    /// <summary>The active subscription a preferences link is for, or null when the link is not (or no longer) valid.</summary>
    public async Task<Subscription?> ForPreferencesAsync(string? token, CancellationToken cancellationToken) =>
        await PendingOrActiveForAsync(SubscriptionTokens.Preferences, token, cancellationToken) is { Status: SubscriptionStatus.Active } s ? s : null;

    public async Task<(LinkOutcome Outcome, SubscriptionFormResult? Result, Subscription? Subscription)> UpdatePreferencesAsync(
        string? token, SubscriptionForm form, CancellationToken cancellationToken)
    {
        var subscription = await ForPreferencesAsync(token, cancellationToken);
        if (subscription is null)
        {
            return (LinkOutcome.Invalid, null, null);
        }

        var result = await validator.ValidateAsync(form, requireEmail: false, cancellationToken);
        if (!result.IsValid)
        {
            return (LinkOutcome.Done, result, subscription);
        }

        var choices = result.Choices!;
        subscription = subscription with { OfficialIds = choices.OfficialIds, MinimumLevel = choices.MinimumLevel, Categories = choices.Categories, Mode = choices.Mode, IncludeNotJudged = choices.IncludeNotJudged };
        await store.UpsertAsync(subscription, cancellationToken);
        logger.LogInformation("Subscription {SubscriptionId} preferences changed", subscription.Id);
        return (LinkOutcome.Done, result, subscription);
    }

    /// <summary>Whether an unsubscribe link is genuine (for the page that offers the button).</summary>
    public bool IsGenuineUnsubscribeLink(string? token) => tokens.Read(SubscriptionTokens.Unsubscribe, token) is not null;

    /// <summary>
    /// Stops all email. Idempotent (RFC 8058 one-click may POST more than once): a genuine link always
    /// answers Done; it only acts on the subscription generation it was issued for.
    /// </summary>
    public async Task<LinkOutcome> UnsubscribeAsync(string? token, CancellationToken cancellationToken)
    {
        var claims = tokens.Read(SubscriptionTokens.Unsubscribe, token);
        if (claims is null)
        {
            return LinkOutcome.Invalid;
        }

        var subscription = await store.GetAsync(claims.SubscriptionId, cancellationToken);
        if (subscription is not null && subscription.Version == claims.Version && subscription.Status != SubscriptionStatus.Unsubscribed)
        {
            await store.UpsertAsync(subscription with { Status = SubscriptionStatus.Unsubscribed, UnsubscribedAt = time.GetUtcNow() }, cancellationToken);
            logger.LogInformation("Subscription {SubscriptionId} unsubscribed", subscription.Id);
        }

        return LinkOutcome.Done;
    }

    /// <summary>Fresh signed links for a subscription, for pages that lead on (confirmed page to preferences, preferences to unsubscribe).</summary>
    public string LinkToken(string purpose, Subscription subscription) => tokens.Create(purpose, subscription, AlertEmailRenderer.LinkLifetime);

    /// <summary>Deletes subscriptions never confirmed within <see cref="ConfirmWindow"/>; the digest timer calls this daily.</summary>
    public async Task<int> PurgeUnconfirmedAsync(CancellationToken cancellationToken)
    {
        var expired = await store.FindUnconfirmedBeforeAsync(time.GetUtcNow() - ConfirmWindow, cancellationToken);
        foreach (var subscription in expired)
        {
            await store.DeleteAsync(subscription.Id, cancellationToken);
        }

        if (expired.Count > 0)
        {
            logger.LogInformation("Removed {Count} unconfirmed subscriptions older than {Days} days", expired.Count, ConfirmWindow.TotalDays);
        }

        return expired.Count;
    }

    private async Task<Subscription?> PendingOrActiveForAsync(string purpose, string? token, CancellationToken cancellationToken)
    {
        var claims = tokens.Read(purpose, token);
        if (claims is null)
        {
            return null;
        }

        var subscription = await store.GetAsync(claims.SubscriptionId, cancellationToken);
        if (subscription is null || subscription.Version != claims.Version)
        {
            return null;
        }

        return subscription.Status switch
        {
            SubscriptionStatus.Active => subscription,
            SubscriptionStatus.Pending when time.GetUtcNow() - subscription.CreatedAt < ConfirmWindow => subscription,
            _ => null,
        };
    }

    /// <summary>A random generation number, different from the previous one, so links from an erased or earlier subscription never match.</summary>
    private static int NewVersion(int? previous)
    {
        int next;
        do
        {
            next = RandomNumberGenerator.GetInt32(1, int.MaxValue);
        }
        while (next == previous);
        return next;
    }
}
