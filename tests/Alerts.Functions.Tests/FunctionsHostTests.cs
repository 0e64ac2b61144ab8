using System.Reflection;
using Alerts.Local.Storage;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Alerts.Functions.Tests;

public sealed class FunctionsHostTests
{
    internal static IReadOnlyList<Type> FunctionClasses() =>
        typeof(AlertsFunctionsApp).Assembly.GetTypes()
            .Where(t => t.GetMethods().Any(m => m.GetCustomAttribute<FunctionAttribute>() is not null))
            .ToList();

    internal static Dictionary<string, string?> LocalSettings(string storage) => new()
    {
        ["AzureWebJobsStorage"] = storage,
        ["Alerts:PublicBaseUrl"] = "https://alerts.example.test",
        ["Alerts:OutboxPath"] = Path.Combine(Path.GetTempPath(), "alerts-functions-outbox-" + Guid.NewGuid().ToString("N")),
        ["Tokens:SigningKey"] = "functions-test-signing-key-0123456789abcdef",
    };

    [Fact]
    public void HostBuiltAsProgramDoesResolvesEveryFunctionClass()
    {
        var builder = AlertsFunctionsApp.CreateBuilder([]);
        foreach (var (key, value) in LocalSettings(AzuriteServer.BuildConnectionString(1, 2, 3)))
        {
            builder.Configuration[key] = value;
        }

        using var host = builder.Build();
        var classes = FunctionClasses();

        Assert.True(classes.Count >= 4, $"found only {classes.Count} function classes");
        foreach (var type in classes)
        {
            Assert.NotNull(ActivatorUtilities.CreateInstance(host.Services, type));
        }
    }

    [Fact]
    public void HostRefusesToStartWithoutStorageOrSigningKeyAndNamesTheSetting()
    {
        var builder = AlertsFunctionsApp.CreateBuilder([]);
        builder.Configuration["Alerts:OutboxPath"] = "outbox";
        using var host = builder.Build();

        // The same validation the host runs first thing at start (ValidateOnStart).
        var error = Assert.ThrowsAny<Exception>(() => host.Services.GetRequiredService<Microsoft.Extensions.Options.IStartupValidator>().Validate());

        Assert.Contains("AzureWebJobsStorage", error.ToString(), StringComparison.Ordinal);
        Assert.Contains("SigningKey", error.ToString(), StringComparison.Ordinal);
    }
}
