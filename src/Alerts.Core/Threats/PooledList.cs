using System.Buffers;

namespace Alerts.Core.Threats;

/// <summary>
/// A growable buffer rented from <see cref="ArrayPool{T}"/>, so scanning a megabyte of text allocates
/// nothing that scales with its length; only the findings become objects.
/// </summary>
internal sealed class PooledList<T> : IDisposable
    where T : struct
{
    private T[] _items;

    public PooledList(int capacity = 64) => _items = ArrayPool<T>.Shared.Rent(Math.Max(capacity, 16));

    public int Count { get; private set; }

    public ref T this[int index] => ref _items[index];

    public ReadOnlySpan<T> AsSpan() => _items.AsSpan(0, Count);

    public void Sort(Comparison<T> comparison) => _items.AsSpan(0, Count).Sort(comparison);

    public void Add(in T item)
    {
        if (Count == _items.Length)
        {
            var bigger = ArrayPool<T>.Shared.Rent(_items.Length * 2);
            _items.AsSpan(0, Count).CopyTo(bigger);
            ArrayPool<T>.Shared.Return(_items);
            _items = bigger;
        }

        _items[Count++] = item;
    }

    public void Dispose()
    {
        ArrayPool<T>.Shared.Return(_items);
        _items = [];
        Count = 0;
    }
}
