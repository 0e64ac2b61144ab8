using System.Security.Cryptography;
using Alerts.Core;
using Alerts.Core.Sources;
using Alerts.Local.Pipeline;
using Alerts.Local.Sources;
using Alerts.Local.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Alerts.Cli;

/// <summary>
/// Builds the same services the Functions app uses, from environment variables (the app settings'
/// names, e.g. <c>AzureWebJobsStorage</c>, <c>SendGrid__ApiKey</c>) plus the given overrides.
/// </summary>
internal static class CliHost
{
    public static ServiceProvider Build(IDictionary<string, string?> overrides, LogLevel minimumLevel = LogLevel.Warning)
    {
        var configuration = new ConfigurationBuilder()
            .AddEnvironmentVariables()
            .AddInMemoryCollection(overrides)
            .Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging(logging => logging.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(minimumLevel));
        services.AddAlertsCore(configuration);
        services.AddLocalPipelineRunner();
        services.AddLocalFileSources();
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
    }

    /// <summary>
    /// A signing key for local runs, made once per checkout and kept in the git-ignored <c>.azurite</c> folder,
    /// so links in earlier demo emails keep working and no key is ever written in code.
    /// </summary>
    public static string LocalSigningKey(string repositoryRoot)
    {
        var folder = Path.Combine(repositoryRoot, ".azurite");
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, "signing-key");
        if (!File.Exists(path))
        {
            File.WriteAllText(path, Convert.ToBase64String(RandomNumberGenerator.GetBytes(48)));
        }

        return File.ReadAllText(path).Trim();
    }

    /// <summary>Local storage: the <c>AzureWebJobsStorage</c> setting when present, else Azurite on its default ports with data kept in <c>.azurite</c>.</summary>
    public static async Task<(string ConnectionString, AzuriteServer? Server)> LocalStorageAsync(string repositoryRoot, CancellationToken cancellationToken)
    {
        var configured = Environment.GetEnvironmentVariable("AzureWebJobsStorage");
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return (configured, null);
        }

        var server = await AzuriteServer.StartOrReuseAsync(repositoryRoot, 10000, 10001, 10002, Path.Combine(repositoryRoot, ".azurite", "data"), cancellationToken);
        return (server.ConnectionString, server);
    }
}
