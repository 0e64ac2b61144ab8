using Alerts.Core.Feedback;
using Microsoft.Extensions.DependencyInjection;

namespace Alerts.Core.Archive;

public static class ArchiveServiceCollectionExtensions
{
    /// <summary>The per-subscriber alert index, official timelines, feedback, and the pages over them (the feeds over the index are registered with the feeds).</summary>
    public static IServiceCollection AddArchive(this IServiceCollection services)
    {
        services.AddSingleton<AlertIndex>();
        services.AddSingleton<SubscriberLinks>();
        services.AddSingleton<FeedbackStore>();
        services.AddSingleton<ArchiveService>();
        services.AddSingleton<ArchivePages>();
        return services;
    }
}
