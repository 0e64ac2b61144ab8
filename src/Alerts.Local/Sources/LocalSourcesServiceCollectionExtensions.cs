using Alerts.Core.Sources;
using Microsoft.Extensions.DependencyInjection;

namespace Alerts.Local.Sources;

public static class LocalSourcesServiceCollectionExtensions
{
    /// <summary>
    /// Lets a local host (CLI, demo, tests) read <see cref="SourceKind.File"/> sources from disk. Never
    /// called by the Function app: there a source row could point the worker at any local path.
    /// </summary>
    public static IServiceCollection AddLocalFileSources(this IServiceCollection services)
    {
        var refused = services.Where(d => d.ServiceType == typeof(ISourceReader) && d.ImplementationType == typeof(FileSourcesRefused)).ToList();
        foreach (var descriptor in refused)
        {
            services.Remove(descriptor);
        }

        services.AddSingleton<ISourceReader, FileSourceReader>();
        return services;
    }
}
