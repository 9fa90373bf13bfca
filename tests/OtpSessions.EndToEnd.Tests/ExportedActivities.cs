using System.Collections;
using System.Diagnostics;

namespace OtpSessions.EndToEnd.Tests;

/// <summary>
/// What the app's OpenTelemetry pipeline exports, kept in memory (the in-memory exporter adds to it from whichever
/// thread ends a span, so every access takes the lock).
/// </summary>
public sealed class ExportedActivities : ICollection<Activity>
{
    private readonly List<Activity> _items = [];
    private readonly Lock _gate = new();

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _items.Count;
            }
        }
    }

    public bool IsReadOnly => false;

    /// <summary>The spans of one trace exported so far.</summary>
    public IReadOnlyList<Activity> InTrace(string traceId)
    {
        lock (_gate)
        {
            return [.. _items.Where(a => a.TraceId.ToHexString() == traceId)];
        }
    }

    public IReadOnlyList<Activity> Snapshot()
    {
        lock (_gate)
        {
            return [.. _items];
        }
    }

    public void Add(Activity item)
    {
        lock (_gate)
        {
            _items.Add(item);
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _items.Clear();
        }
    }

    public bool Contains(Activity item)
    {
        lock (_gate)
        {
            return _items.Contains(item);
        }
    }

    public void CopyTo(Activity[] array, int arrayIndex)
    {
        lock (_gate)
        {
            _items.CopyTo(array, arrayIndex);
        }
    }

    public bool Remove(Activity item)
    {
        lock (_gate)
        {
            return _items.Remove(item);
        }
    }

    public IEnumerator<Activity> GetEnumerator() => Snapshot().GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
