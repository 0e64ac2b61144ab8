using System.Security.Cryptography;
using Alerts.Core.Email;
using Alerts.Core.Officials;
using Alerts.Core.Statements;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Alerts.Core.Subscriptions;

public enum LinkOutcome
{
    /// <summary>The link did what it says (or had already done it).</summary>
    Done,

    /// <summary>Forged, expired, for another purpose, or from an earlier subscription of the address.</summary>
    Invalid,

    /// <summary>A confirm link for a subscription already confirmed: it answers so, and mints no new links.</summary>
    AlreadyConfirmed,
}

/// <summary>
/// The subscriber's side of the product, behind the HTTP functions and the pages: sign up (double opt-in),
/// confirm, change preferences, leave. Answers never depend on whether an address is already subscribed:
/// the difference only shows in the email that the address's owner receives. Every write re-reads and
/// decides again when another write came in between, so an unsubscribe is never undone by a sign-up or a
/// preferences save that read the row before it.
/// </summary>
public sealed class SubscriptionService(
    SubscriptionStore store,
    SubscriptionValidator validator,
    SubscriptionTokens tokens,
    OfficialStore officials,
    ConfirmationEmailRenderer confirmations,
    IEmailSender sender,
    IOptions<SubscribeOptions> options,
    TimeProvider time,
    ILogger<SubscriptionService> logger)
{
    /// <summary>How long a confirm link works and an unconfirmed subscription lives.</summary>
    public static readonly TimeSpan ConfirmWindow = TimeSpan.FromDays(7);

    /// <summary>At most one confirmation email per address in this time, so the form cannot be used to flood an inbox.</summary>
    public static readonly TimeSpan ResendInterval = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Starts (or reminds of) a subscription. The per-address throttle is recorded BEFORE the email is tried, so
    /// a failing send cannot be used to mail an address without limit; a pending subscription's filters are
    /// not rewritten (only its confirm link or, once active, its preferences link changes them); and every
    /// valid request is answered after the same <see cref="SubscribeOptions.AnswerMilliseconds"/>.
    /// </summary>
    public async Task<SubscriptionFormResult> SubscribeAsync(SubscriptionForm form, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        var checkedForm = await validator.ValidateAsync(form, requireEmail: true, cancellationToken);
        if (!checkedForm.IsValid)
        {
            return checkedForm;
        }

        var email = checkedForm.Email!;
        var choices = checkedForm.Choices!;
        var now = time.GetUtcNow();
        var id = await store.IdForAddressAsync(email, cancellationToken);
        var throttled = false;
        var stored = await store.UpdateAsync(
            id,
            existing =>
            {
                throttled = existing is { Status: not SubscriptionStatus.Unsubscribed, ConfirmationSentAt: { } last } && now - last < ResendInterval;
                if (throttled)
                {
                    return null;
                }

                var next = existing switch
                {
                    { Status: SubscriptionStatus.Active } => existing,
                    { Status: SubscriptionStatus.Pending } when now - existing.CreatedAt < ConfirmWindow => existing,
                    _ => new Subscription(id, email, choices.OfficialIds, choices.MinimumLevel, choices.Categories, choices.Mode, SubscriptionStatus.Pending, now)
                    {
                        Version = NewVersion(existing?.Version),
                        LinkEpoch = existing?.LinkEpoch ?? 0,
                        IncludeNotJudged = choices.IncludeNotJudged,
                    },
                };
                return next with { ConfirmationSentAt = now };
            },
            cancellationToken);

        if (throttled || stored is null)
        {
            logger.LogConfirmationThrottled(id);
        }
        else
        {
            var message = confirmations.Render(stored, await officials.ListAsync(cancellationToken));
            var sent = await sender.SendAsync(message, cancellationToken);
            if (sent.Status != EmailSendStatus.Sent)
            {
                logger.LogConfirmationNotSent(id, sent.Error);
            }

            logger.LogSubscribed(id, stored.Status, sent.Status);
        }

        var remaining = TimeSpan.FromMilliseconds(options.Value.AnswerMilliseconds) - time.GetElapsedTime(started);
        if (remaining > TimeSpan.Zero)
        {
            await Task.Delay(remaining, time, cancellationToken);
        }

        return checkedForm;
    }

    /// <summary>What a confirm link would do (for the page that asks the reader to press Confirm): Done when it would confirm.</summary>
    public async Task<LinkOutcome> CheckConfirmAsync(string? token, CancellationToken cancellationToken)
    {
        var claims = tokens.Read(SubscriptionTokens.Confirm, token);
        return claims is null ? LinkOutcome.Invalid : ConfirmOutcome(await store.GetAsync(claims.SubscriptionId, cancellationToken), claims);
    }

    /// <summary>
    /// Double opt-in: a pending subscription within its window becomes active. Once confirmed, the link only
    /// answers <see cref="LinkOutcome.AlreadyConfirmed"/> (with no subscription, so no fresh links are minted).
    /// </summary>
    public async Task<(LinkOutcome Outcome, Subscription? Subscription)> ConfirmAsync(string? token, CancellationToken cancellationToken)
    {
        var claims = tokens.Read(SubscriptionTokens.Confirm, token);
        if (claims is null)
        {
            return (LinkOutcome.Invalid, null);
        }

        var outcome = LinkOutcome.Invalid;
        var stored = await store.UpdateAsync(
            claims.SubscriptionId,
            current =>
            {
                outcome = ConfirmOutcome(current, claims);
                return outcome == LinkOutcome.Done ? current! with { Status = SubscriptionStatus.Active, ConfirmedAt = time.GetUtcNow() } : null;
            },
            cancellationToken);

        if (outcome != LinkOutcome.Done)
        {
            return (outcome, null);
        }

        logger.LogConfirmed(claims.SubscriptionId);
        return (LinkOutcome.Done, stored);
    }

    /// <summary>The active subscription a preferences link is for, or null when the link is not (or no longer) valid.</summary>
    public async Task<Subscription?> ForPreferencesAsync(string? token, CancellationToken cancellationToken)
    {
        var claims = tokens.Read(SubscriptionTokens.Preferences, token);
        return claims is null ? null : PreferencesTarget(await store.GetAsync(claims.SubscriptionId, cancellationToken), claims);
    }

    public async Task<(LinkOutcome Outcome, SubscriptionFormResult? Result, Subscription? Subscription)> UpdatePreferencesAsync(
        string? token, SubscriptionForm form, CancellationToken cancellationToken)
    {
        var claims = tokens.Read(SubscriptionTokens.Preferences, token);
        var subscription = claims is null ? null : PreferencesTarget(await store.GetAsync(claims.SubscriptionId, cancellationToken), claims);
        if (claims is null || subscription is null)
        {
            return (LinkOutcome.Invalid, null, null);
        }

        var result = await validator.ValidateAsync(form, requireEmail: false, cancellationToken);
        if (!result.IsValid)
        {
            return (LinkOutcome.Done, result, subscription);
        }

        var choices = result.Choices!;
        var valid = false;
        var stored = await store.UpdateAsync(
            subscription.Id,
            current =>
            {
                var target = PreferencesTarget(current, claims);
                valid = target is not null;
                return target is null ? null : target with { OfficialIds = choices.OfficialIds, MinimumLevel = choices.MinimumLevel, Categories = choices.Categories, Mode = choices.Mode, IncludeNotJudged = choices.IncludeNotJudged };
            },
            cancellationToken);
        if (!valid || stored is null)
        {
            return (LinkOutcome.Invalid, null, null);
        }

        logger.LogPreferencesChanged(stored.Id);
        return (LinkOutcome.Done, result, stored);
    }

    /// <summary>
    /// "Sign out all links": raises the subscription's link epoch, so every preferences link issued so far
    /// (including the one used, and any forwarded copy) stops working. Unsubscribe links keep working.
    /// </summary>
    public async Task<LinkOutcome> SignOutLinksAsync(string? token, CancellationToken cancellationToken)
    {
        var claims = tokens.Read(SubscriptionTokens.Preferences, token);
        if (claims is null)
        {
            return LinkOutcome.Invalid;
        }

        var valid = false;
        await store.UpdateAsync(
            claims.SubscriptionId,
            current =>
            {
                var target = PreferencesTarget(current, claims);
                valid = target is not null;
                return target is null ? null : target with { LinkEpoch = target.LinkEpoch + 1 };
            },
            cancellationToken);
        if (valid)
        {
            logger.LogPreferencesLinksSignedOut(claims.SubscriptionId);
        }

        return valid ? LinkOutcome.Done : LinkOutcome.Invalid;
    }

    /// <summary>Whether an unsubscribe link is genuine (for the page that offers the button).</summary>
    public bool IsGenuineUnsubscribeLink(string? token) => tokens.Read(SubscriptionTokens.Unsubscribe, token) is not null;

    /// <summary>
    /// Stops all email. Idempotent (RFC 8058 one-click may POST more than once): a genuine link always
    /// answers Done; it only acts on the subscription generation it was issued for. Conditional on the row
    /// it read, like every write here: a write that read the row before it re-decides and finds it left.
    /// </summary>
    public async Task<LinkOutcome> UnsubscribeAsync(string? token, CancellationToken cancellationToken)
    {
        var claims = tokens.Read(SubscriptionTokens.Unsubscribe, token);
        if (claims is null)
        {
            return LinkOutcome.Invalid;
        }

        var changed = false;
        await store.UpdateAsync(
            claims.SubscriptionId,
            current =>
            {
                changed = current is not null && current.Version == claims.Version && current.Status != SubscriptionStatus.Unsubscribed;
                return changed ? current! with { Status = SubscriptionStatus.Unsubscribed, UnsubscribedAt = time.GetUtcNow() } : null;
            },
            cancellationToken);
        if (changed)
        {
            logger.LogUnsubscribed(claims.SubscriptionId);
        }

        return LinkOutcome.Done;
    }

    /// <summary>Fresh signed links for a subscription, for pages that lead on (confirmed page to preferences, preferences to unsubscribe).</summary>
    public string LinkToken(string purpose, Subscription subscription) => tokens.Create(purpose, subscription, SubscriptionTokens.EmailLinkLifetime);

    /// <summary>Deletes subscriptions never confirmed within <see cref="ConfirmWindow"/>; the digest timer calls this daily.</summary>
    public async Task<int> PurgeUnconfirmedAsync(CancellationToken cancellationToken)
    {
        var expired = await store.FindUnconfirmedBeforeAsync(time.GetUtcNow() - ConfirmWindow, cancellationToken);
        var removed = 0;
        foreach (var subscription in expired)
        {
            // Conditional: a sign-up renewed since the query is not removed.
            if (await store.TryDeleteAsync(subscription, cancellationToken))
            {
                await store.DeleteAddressAsync(subscription.Email, cancellationToken);
                removed++;
            }
        }

        if (removed > 0)
        {
            logger.LogUnconfirmedPurged(removed, ConfirmWindow.TotalDays);
        }

        return removed;
    }

    private LinkOutcome ConfirmOutcome(Subscription? subscription, SubscriptionToken claims) => subscription switch
    {
        null => LinkOutcome.Invalid,
        _ when subscription.Version != claims.Version => LinkOutcome.Invalid,
        { Status: SubscriptionStatus.Active } => LinkOutcome.AlreadyConfirmed,
        { Status: SubscriptionStatus.Pending } when time.GetUtcNow() - subscription.CreatedAt < ConfirmWindow => LinkOutcome.Done,
        _ => LinkOutcome.Invalid,
    };

    /// <summary>The subscription a preferences link may act on: active, same generation, same link epoch.</summary>
    private static Subscription? PreferencesTarget(Subscription? subscription, SubscriptionToken claims) =>
        subscription is { Status: SubscriptionStatus.Active } && subscription.Version == claims.Version && subscription.LinkEpoch == claims.Epoch
            ? subscription
            : null;

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
