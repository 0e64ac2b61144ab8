namespace Alerts.Core.Storage;

/// <summary>
/// The storage emulator's well-known account. The Function app run locally (Core Tools, local.settings.json)
/// reads <c>UseDevelopmentStorage=true</c>, so the core expands it; starting an emulator is Alerts.Local's job.
/// </summary>
public static class DevelopmentStorage
{
    public const string Shorthand = "UseDevelopmentStorage=true";

    /// <summary>Azurite's published development account key; it opens nothing but a local emulator.</summary>
    public const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    /// <summary>The emulator's default ports, the ones <see cref="Shorthand"/> stands for.</summary>
    public static string DefaultConnectionString => ConnectionString(10000, 10001, 10002);

    public static string ConnectionString(int blobPort, int queuePort, int tablePort) =>
        "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;" +
        $"AccountKey={AccountKey};" +
        $"BlobEndpoint=http://127.0.0.1:{blobPort}/devstoreaccount1;" +
        $"QueueEndpoint=http://127.0.0.1:{queuePort}/devstoreaccount1;" +
        $"TableEndpoint=http://127.0.0.1:{tablePort}/devstoreaccount1;";
}
