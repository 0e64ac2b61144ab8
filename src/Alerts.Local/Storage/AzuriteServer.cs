using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Alerts.Core.Storage;

namespace Alerts.Local.Storage;

/// <summary>
/// Runs the Azurite emulator (the npm package pinned in package.json) on 127.0.0.1 for local runs and
/// tests: telemetry off, free ports unless told otherwise, stopped on dispose.
/// </summary>
public sealed class AzuriteServer : IAsyncDisposable
{
    private readonly Process? _process;
    private readonly StringBuilder _output;

    private AzuriteServer(Process? process, int blobPort, int queuePort, int tablePort, StringBuilder output)
    {
        _process = process;
        _output = output;
        BlobPort = blobPort;
        QueuePort = queuePort;
        TablePort = tablePort;
    }

    public int BlobPort { get; }

    public int QueuePort { get; }

    public int TablePort { get; }

    /// <summary>False when an Azurite already listening on the ports was reused.</summary>
    public bool Started => _process is not null;

    /// <summary>The emulator's process id when this instance started it (a load run reads its CPU time).</summary>
    public int? ProcessId => _process?.Id;

    public string ConnectionString => BuildConnectionString(BlobPort, QueuePort, TablePort);

    public static string BuildConnectionString(int blobPort, int queuePort, int tablePort) =>
        DevelopmentStorage.ConnectionString(blobPort, queuePort, tablePort);

    /// <summary>
    /// Starts Azurite in memory on three free loopback ports. A port found free can be taken by another process
    /// before Azurite binds it (many test classes start at once), so an early exit is retried on fresh ports.
    /// </summary>
    public static async Task<AzuriteServer> StartInMemoryAsync(string repositoryRoot, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await StartAsync(repositoryRoot, FreePort(), FreePort(), FreePort(), location: null, cancellationToken);
            }
            catch (AzuriteExitedException) when (attempt < 3)
            {
                // Most likely EADDRINUSE: try other ports.
            }
        }
    }

    /// <summary>
    /// Reuses an Azurite already listening on the given ports, or starts one there that keeps its data in
    /// <paramref name="location"/> (so a second run sees what the first stored).
    /// </summary>
    public static async Task<AzuriteServer> StartOrReuseAsync(string repositoryRoot, int blobPort, int queuePort, int tablePort, string location, CancellationToken cancellationToken)
    {
        if (await IsListeningAsync(tablePort, cancellationToken) && await IsListeningAsync(queuePort, cancellationToken))
        {
            return new AzuriteServer(null, blobPort, queuePort, tablePort, new StringBuilder());
        }

        return await StartAsync(repositoryRoot, blobPort, queuePort, tablePort, location, cancellationToken);
    }

    public static string FindEntryPoint(string repositoryRoot)
    {
        var entry = Path.Combine(repositoryRoot, "node_modules", "azurite", "dist", "src", "azurite.js");
        if (!File.Exists(entry))
        {
            throw new InvalidOperationException($"Azurite is not installed under {repositoryRoot}: run 'npm ci' there (the demo and test scripts do it for you).");
        }

        return entry;
    }

    private static async Task<AzuriteServer> StartAsync(string repositoryRoot, int blobPort, int queuePort, int tablePort, string? location, CancellationToken cancellationToken)
    {
        var entry = FindEntryPoint(repositoryRoot);
        var start = new ProcessStartInfo("node")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = repositoryRoot,
        };
        foreach (var arg in new[]
                 {
                     entry, "--disableTelemetry", "--silent", "--skipApiVersionCheck", "--loose",
                     "--blobHost", "127.0.0.1", "--blobPort", blobPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
                     "--queueHost", "127.0.0.1", "--queuePort", queuePort.ToString(System.Globalization.CultureInfo.InvariantCulture),
                     "--tableHost", "127.0.0.1", "--tablePort", tablePort.ToString(System.Globalization.CultureInfo.InvariantCulture),
                 })
        {
            start.ArgumentList.Add(arg);
        }

        if (location is null)
        {
            start.ArgumentList.Add("--inMemoryPersistence");
        }
        else
        {
            Directory.CreateDirectory(location);
            start.ArgumentList.Add("--location");
            start.ArgumentList.Add(location);
        }

        var output = new StringBuilder();
        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start node for Azurite.");
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new AzuriteServer(process, blobPort, queuePort, tablePort, output);

        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new AzuriteExitedException($"Azurite exited with code {process.ExitCode}: {Snapshot(output)}");
            }

            if (await IsListeningAsync(tablePort, cancellationToken) && await IsListeningAsync(queuePort, cancellationToken) && await IsListeningAsync(blobPort, cancellationToken))
            {
                return server;
            }

            await Task.Delay(100, cancellationToken);
        }

        await server.DisposeAsync();
        throw new TimeoutException($"Azurite did not listen within 60 s: {Snapshot(output)}");
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is null)
        {
            return;
        }

        try
        {
            if (!_process.HasExited)
            {
                // SIGINT lets Azurite write its database to --location; SIGKILL would lose the last changes.
                await InterruptAsync(_process.Id);
                try
                {
                    await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
                }
                catch (TimeoutException)
                {
                    _process.Kill(entireProcessTree: true);
                    await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
                }
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
        catch (TimeoutException)
        {
            // Killed but slow to reap; nothing else to do.
        }

        _process.Dispose();
    }

    public string Output => Snapshot(_output);

    private static async Task InterruptAsync(int pid)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        using var kill = Process.Start(new ProcessStartInfo("kill", ["-INT", pid.ToString(System.Globalization.CultureInfo.InvariantCulture)]) { UseShellExecute = false });
        if (kill is not null)
        {
            await kill.WaitForExitAsync();
        }
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task<bool> IsListeningAsync(int port, CancellationToken cancellationToken)
    {
        using var client = new TcpClient();
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(1));
            await client.ConnectAsync(IPAddress.Loopback, port, timeout.Token);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            if (output.Length < 16_000)
            {
                output.AppendLine(line);
            }
        }
    }

    private static string Snapshot(StringBuilder output)
    {
        lock (output)
        {
            return output.ToString().Trim();
        }
    }
}

/// <summary>Azurite stopped on its own while starting (a port taken, a bad option).</summary>
public sealed class AzuriteExitedException(string message) : InvalidOperationException(message);
