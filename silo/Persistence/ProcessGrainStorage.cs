using System.Collections.Concurrent;
using Orleans.Serialization.Serializers;
using Orleans.Storage;

namespace ServiceGrid.Silo.Persistence;

/// <summary>
/// Embedded mode's grain storage: each grain's state, serialized, in this process's memory. Orleans' memory storage
/// keeps it in storage grains instead, one grain call and a copy of the bytes each way per read and write, which was a
/// tenth of the server's CPU at intake rates (bench/, perf); embedded mode is one silo, with no other process to share
/// the state with. The contract is the same: a grain never shares an object with storage (states are stored and
/// read back as serialized copies), and every write and clear must present the ETag of what it read.
/// </summary>
public sealed class ProcessGrainStorage(IGrainStorageSerializer serializer, IActivatorProvider activators) : IGrainStorage
{
    sealed record Stored(BinaryData State, string ETag);

    readonly ConcurrentDictionary<(string StateName, GrainId GrainId), Stored> _states = new();
    long _lastETag;

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        if (_states.TryGetValue((stateName, grainId), out var stored))
        {
            grainState.State = serializer.Deserialize<T>(stored.State);
            grainState.ETag = stored.ETag;
            grainState.RecordExists = true;
        }
        else
        {
            grainState.State = activators.GetActivator<T>().Create();
            grainState.ETag = null;
            grainState.RecordExists = false;
        }
        return Task.CompletedTask;
    }

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var key = (stateName, grainId);
        var next = new Stored(serializer.Serialize(grainState.State), NewETag());
        var written = grainState.ETag is null
            ? _states.TryAdd(key, next)
            : _states.TryGetValue(key, out var current) && current.ETag == grainState.ETag && _states.TryUpdate(key, next, current);
        if (!written) throw Conflict(key, grainState.ETag);
        grainState.ETag = next.ETag;
        grainState.RecordExists = true;
        return Task.CompletedTask;
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var key = (stateName, grainId);
        if (grainState.ETag is not null)
        {
            if (!_states.TryGetValue(key, out var current) || current.ETag != grainState.ETag || !_states.TryRemove(KeyValuePair.Create(key, current)))
                throw Conflict(key, grainState.ETag);
        }
        else if (_states.ContainsKey(key))
        {
            throw Conflict(key, null);
        }
        grainState.State = activators.GetActivator<T>().Create();
        grainState.ETag = null;
        grainState.RecordExists = false;
        return Task.CompletedTask;
    }

    string NewETag() => Interlocked.Increment(ref _lastETag).ToString(System.Globalization.CultureInfo.InvariantCulture);

    InconsistentStateException Conflict((string StateName, GrainId GrainId) key, string? expected) =>
        new($"The stored '{key.StateName}' of {key.GrainId} is not the version this activation read.",
            _states.TryGetValue(key, out var stored) ? stored.ETag : "(none)", expected ?? "(none)");
}
