namespace Alerts.Core.Configuration;

/// <summary>
/// The one list of queue, table and setting names. Code, tests and the Bicep checks all read it,
/// so a rename cannot leave one of them behind.
/// </summary>
public static class AlertsNames
{
    public static class Queues
    {
        public const string PollRequests = "poll-requests";
        public const string Statements = "statements";
        public const string Deliveries = "deliveries";

        public static IReadOnlyList<string> All { get; } = [PollRequests, Statements, Deliveries];

        public static string PoisonOf(string queue) => queue + "-poison";
    }

    public static class Tables
    {
        public const string Officials = "officials";
        public const string Sources = "sources";

        /// <summary>
        /// The near-duplicate index, split over <see cref="SourceItemsShardCount"/> tables by a stable hash of the official
        /// (<c>NearDuplicateIndex.TableFor</c>). Azure sees no difference; Azurite evaluates a query's filter on every row of
        /// the table, so one table for everything made each lookup cost it in proportion to all statements indexed.
        /// </summary>
        public const int SourceItemsShardCount = 16;

        public static IReadOnlyList<string> SourceItemsShards { get; } =
            [.. Enumerable.Range(0, SourceItemsShardCount).Select(i => "sourceitems" + i.ToString("00", System.Globalization.CultureInfo.InvariantCulture))];
        public const string Statements = "statements";
        public const string Subscriptions = "subscriptions";
        public const string Deliveries = "deliveries";
        public const string Feedback = "feedback";

        /// <summary>Sign-up rate-limit counters, shared by every instance.</summary>
        public const string RateLimits = "ratelimits";

        public static IReadOnlyList<string> All { get; } =
            [Officials, Sources, .. SourceItemsShards, Statements, Subscriptions, Deliveries, RateLimits, Feedback];
    }

    /// <summary>App settings, in the form the Functions host reads them (<c>__</c> for nesting).</summary>
    public static class Settings
    {
        public const string Storage = "AzureWebJobsStorage";
        public const string PollSchedule = "PollSchedule";
        public const string DigestSchedule = "DigestSchedule";
        public const string ReconcileSchedule = "ReconcileSchedule";
        public const string PublicBaseUrl = "Alerts__PublicBaseUrl";
        public const string SendGridApiKey = "SendGrid__ApiKey";
        public const string SendGridFromEmail = "SendGrid__FromEmail";
        public const string SendGridFromName = "SendGrid__FromName";
        public const string TokenSigningKey = "Tokens__SigningKey";
        public const string TokenPreviousKeys = "Tokens__PreviousKeys";
        public const string SubscribeAnswerMilliseconds = "Subscribe__AnswerMilliseconds";
        public const string SubscribePerIpPerHour = "Subscribe__PerIpPerHour";
        public const string SubscribeGlobalPerHour = "Subscribe__GlobalPerHour";
        public const string XBearerToken = "X__BearerToken";
        public const string FetchAllowPrivateAddresses = "Fetch__AllowPrivateAddresses";
        public const string SendGridTimeoutSeconds = "SendGrid__TimeoutSeconds";
        public const string DeliveryMaxAlertsPerHour = "Delivery__MaxAlertsPerHour";
        public const string DeliveryMaxDigestCatchUpDays = "Delivery__MaxDigestCatchUpDays";
        public const string DeliveryWeeklyDigestDay = "Delivery__WeeklyDigestDay";
        public const string ThreatRulesPath = "Threats__RulesPath";
        public const string TranslatorEnabled = "Translator__Enabled";
        public const string TranslatorEndpoint = "Translator__Endpoint";
        public const string TranslatorResourceId = "Translator__ResourceId";
        public const string TranslatorRegion = "Translator__Region";
        public const string AppInsightsConnectionString = "APPLICATIONINSIGHTS_CONNECTION_STRING";

        /// <summary>Every setting the app reads. Secrets come from Key Vault references in Azure.</summary>
        public static IReadOnlyList<SettingName> All { get; } =
        [
            new(PollSchedule, Secret: false),
            new(DigestSchedule, Secret: false),
            new(ReconcileSchedule, Secret: false),
            new(PublicBaseUrl, Secret: false),
            new(SendGridApiKey, Secret: true),
            new(SendGridFromEmail, Secret: false),
            new(SendGridFromName, Secret: false),
            new(TokenSigningKey, Secret: true),
            new(TokenPreviousKeys, Secret: true),
            new(SubscribeAnswerMilliseconds, Secret: false),
            new(SubscribePerIpPerHour, Secret: false),
            new(SubscribeGlobalPerHour, Secret: false),
            new(XBearerToken, Secret: true),
            new(FetchAllowPrivateAddresses, Secret: false),
            new(SendGridTimeoutSeconds, Secret: false),
            new(DeliveryMaxAlertsPerHour, Secret: false),
            new(DeliveryMaxDigestCatchUpDays, Secret: false),
            new(DeliveryWeeklyDigestDay, Secret: false),
            new(ThreatRulesPath, Secret: false),
            new(TranslatorEnabled, Secret: false),
            new(TranslatorEndpoint, Secret: false),
            new(TranslatorResourceId, Secret: false),
            new(TranslatorRegion, Secret: false),
            new(AppInsightsConnectionString, Secret: false),
        ];
    }
}

public sealed record SettingName(string Name, bool Secret);
