namespace Alerts.Core.Officials;

/// <summary>
/// The watched officials, read from the table at most once a minute: the analyse stage needs one for every
/// statement and the poll stage the whole list for every poll, and a read each time was a sixth of all storage
/// traffic under load. An official added or
/// changed is seen within <see cref="Freshness"/>.
/// </summary>
public sealed class OfficialDirectory(OfficialStore store, TimeProvider time)
{
    public static readonly TimeSpan Freshness = TimeSpan.FromMinutes(1);

    private Snapshot? _snapshot;

    public async Task<Official?> GetAsync(string id, CancellationToken cancellationToken)
    {
        var snapshot = await CurrentAsync(cancellationToken);
        if (snapshot.ById.TryGetValue(id, out var official))
        {
            return official;
        }

        // Unknown here may mean added since the snapshot: one direct read settles it.
        return await store.GetAsync(id, cancellationToken);
    }

    /// <summary>Every watched official, as of at most <see cref="Freshness"/> ago.</summary>
    public async Task<IReadOnlyList<Official>> ListAsync(CancellationToken cancellationToken) => (await CurrentAsync(cancellationToken)).All;

    private async Task<Snapshot> CurrentAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var snapshot = Volatile.Read(ref _snapshot);
        if (snapshot is not null && now - snapshot.LoadedAt < Freshness)
        {
            return snapshot;
        }

        // Two callers may both reload at the boundary; both get a correct list, and one write wins.
        var officials = await store.ListAsync(cancellationToken);
        snapshot = new Snapshot(now, officials, officials.ToDictionary(o => o.Id, StringComparer.Ordinal));
        Volatile.Write(ref _snapshot, snapshot);
        return snapshot;
    }

    private sealed record Snapshot(DateTimeOffset LoadedAt, IReadOnlyList<Official> All, IReadOnlyDictionary<string, Official> ById);
}
