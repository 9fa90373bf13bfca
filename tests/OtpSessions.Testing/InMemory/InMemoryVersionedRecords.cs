using System.Globalization;
using OtpSessions.Core;
using OtpSessions.Core.Common;

namespace OtpSessions.Testing.InMemory;

/// <summary>
/// Records by key with a version each, as a table's rows with their ETags: an insert fails when the key exists, a
/// replace when the record is no longer at the version it names (<see cref="ConcurrencyConflictException"/>). Record sets
/// built on one <see cref="Gate"/> can be written together atomically, as rows of one table partition in a transaction.
/// </summary>
public sealed class InMemoryVersionedRecords<TKey, TValue>(Lock gate)
    where TKey : notnull
{
    private readonly Lock _gate = gate;
    private readonly Dictionary<TKey, (TValue Value, StoredVersion Version)> _records = [];
    private long _versions;

    public InMemoryVersionedRecords()
        : this(new Lock())
    {
    }

    /// <summary>The lock every read and write holds (reentrant): hold it to check and write several records as one step.</summary>
    public Lock Gate => _gate;

    /// <summary>Throws <see cref="ConcurrencyConflictException"/> unless the record is at <paramref name="version"/> (null: there is none).</summary>
    public void EnsureAt(TKey key, StoredVersion? version)
    {
        lock (_gate)
        {
            var current = _records.TryGetValue(key, out var found) ? found.Version : null;
            if (version is null ? current is not null : current != version)
            {
                throw new ConcurrencyConflictException($"{key} changed meanwhile.");
            }
        }
    }

    public (TValue Value, StoredVersion Version)? Find(TKey key)
    {
        lock (_gate)
        {
            return _records.TryGetValue(key, out var found) ? found : null;
        }
    }

    /// <summary>Writes <paramref name="value"/> if the record is at <paramref name="version"/> (null: if there is none yet); its new version.</summary>
    public StoredVersion Write(TKey key, TValue value, StoredVersion? version)
    {
        lock (_gate)
        {
            EnsureAt(key, version);
            var next = new StoredVersion((++_versions).ToString("D", CultureInfo.InvariantCulture));
            _records[key] = (value, next);
            return next;
        }
    }

    /// <summary>Writes whatever is there (an upsert).</summary>
    public void Put(TKey key, TValue value)
    {
        lock (_gate)
        {
            _records[key] = (value, new StoredVersion((++_versions).ToString("D", CultureInfo.InvariantCulture)));
        }
    }

    /// <summary>Removes the record if it is at <paramref name="version"/> (null: whatever it is at); false when it was not.</summary>
    public bool Remove(TKey key, StoredVersion? version)
    {
        lock (_gate)
        {
            return _records.TryGetValue(key, out var found) && (version is null || found.Version == version) && _records.Remove(key);
        }
    }

    public IReadOnlyList<TValue> All()
    {
        lock (_gate)
        {
            return [.. _records.Values.Select(r => r.Value)];
        }
    }
}
