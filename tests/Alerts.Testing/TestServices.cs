using System.Security.Cryptography;
using Alerts.Core;
using Alerts.Core.Configuration;
using Alerts.Local.Pipeline;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Alerts.Testing;

/// <summary>
/// The one way tests build the core services: settings in, the same registrations the Functions app makes
/// (plus the local pipeline runner that drains the queues in process), validated on build.
/// </summary>
public static class TestServices
{
    /// <summary>The settings every storage test starts from; <paramref name="extra"/> adds or replaces any of them.</summary>
    public static Dictionary<string, string?> Settings(string connectionString, string outbox, IDictionary<string, string?>? extra = null)
    {
        var settings = new Dictionary<string, string?>
        {
            [AlertsNames.Settings.Storage] = connectionString,
            ["Alerts:OutboxPath"] = outbox,
            ["Tokens:SigningKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(48)),
            ["Fetch:AllowPrivateAddresses"] = "true",
            ["Fetch:TimeoutSeconds"] = "5",
        };
        return With(settings, extra);
    }

    /// <summary><paramref name="settings"/> with <paramref name="overrides"/> added or replacing, as a new dictionary.</summary>
    public static Dictionary<string, string?> With(IDictionary<string, string?> settings, IDictionary<string, string?>? overrides)
    {
        var merged = new Dictionary<string, string?>(settings);
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
        {
            merged[key] = value;
        }

        return merged;
    }

    /// <summary>
    /// Binds <paramref name="settings"/> as the app's configuration, registers the core services and the local
    /// pipeline runner, then lets <paramref name="configure"/> add or replace registrations (a clock, a sender, a fault).
    /// </summary>
    public static ServiceProvider Build(IDictionary<string, string?> settings, Action<IServiceCollection>? configure = null, LogLevel minimumLevel = LogLevel.Information)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging(logging => logging.SetMinimumLevel(minimumLevel));
        services.AddAlertsCore(configuration);
        services.AddLocalPipelineRunner();
        configure?.Invoke(services);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
    }
}
