using Microsoft.Extensions.DependencyInjection;

namespace Alerts.Local.Pipeline;

public static class LocalPipelineServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="LocalPipelineRunner"/> over the core's queue handler, for hosts that drain the
    /// queues themselves (CLI, load runs, tests); the Function app has the Functions host for that.
    /// </summary>
    public static IServiceCollection AddLocalPipelineRunner(this IServiceCollection services)
    {
        services.AddSingleton<LocalPipelineRunner>();
        return services;
    }
}
