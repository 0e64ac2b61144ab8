using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Alerts.Core.Threats;

public static class ThreatAnalysisServiceCollectionExtensions
{
    /// <summary>
    /// Registers one shared <see cref="IThreatAnalyzer"/>: the learned <see cref="ThreatJudge"/> over the rules,
    /// the embedded model and the process's one encoder; all are built once and are safe to share.
    /// A <c>Threats:RulesPath</c> that does not exist fails at start-up, naming the setting.
    /// </summary>
    public static IServiceCollection AddThreatAnalysis(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ThreatOptions>()
            .Bind(configuration.GetSection(ThreatOptions.SectionName))
            .Validate(
                o => string.IsNullOrWhiteSpace(o.RulesPath) || File.Exists(o.RulesPath) || Directory.Exists(o.RulesPath),
                "Threats__RulesPath names a file or folder that does not exist.")
            .ValidateOnStart();
        services.AddSingleton<IThreatAnalyzer>(sp => ThreatJudge.FromSetting(sp.GetRequiredService<IOptions<ThreatOptions>>().Value.RulesPath));
        return services;
    }
}
