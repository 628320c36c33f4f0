using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using ServiceGrid.Grains;
using ServiceGrid.Grains.Organization;
using ServiceGrid.Organization;
using ServiceGrid.Silo.Persistence;
using ServiceGrid.Tests.Infrastructure;

namespace ServiceGrid.Tests.Persistence;

/// <summary>Embedded mode's storage keeps the grain storage contract: copies, not shared objects, and ETags on every write.</summary>
[Collection(ClusterCollection.Name)]
public sealed class ProcessGrainStorageTests(ClusterFixture fixture)
{
    const string StateName = "engineer";

    IGrainStorage Storage => fixture.SiloServices.GetRequiredKeyedService<IGrainStorage>(StorageNames.Organization);

    static GrainId NewGrainId() => GrainId.Create("engineer", Guid.NewGuid().ToString("N"));

    [Fact]
    public void Embedded_mode_stores_grain_state_in_the_process()
    {
        Assert.IsType<ProcessGrainStorage>(Storage);
    }

    [Fact]
    public async Task What_is_read_back_is_a_copy_that_changes_to_neither_side_reach()
    {
        var id = NewGrainId();
        var written = new GrainState<EngineerRecord>(new EngineerRecord { Status = EngineerStatus.Busy, Version = 1 });
        await Storage.WriteStateAsync(StateName, id, written);
        written.State!.Version = 99;

        var read = new GrainState<EngineerRecord>();
        await Storage.ReadStateAsync(StateName, id, read);
        read.State!.Status = EngineerStatus.OffDuty;
        var again = new GrainState<EngineerRecord>();
        await Storage.ReadStateAsync(StateName, id, again);

        Assert.True(again.RecordExists);
        Assert.Equal(written.ETag, again.ETag);
        Assert.Equal((EngineerStatus.Busy, 1L), (again.State!.Status, again.State!.Version));
    }

    [Fact]
    public async Task A_write_or_clear_from_a_stale_read_is_refused_and_changes_nothing()
    {
        var id = NewGrainId();
        var first = new GrainState<EngineerRecord>();
        await Storage.ReadStateAsync(StateName, id, first);
        var second = new GrainState<EngineerRecord>();
        await Storage.ReadStateAsync(StateName, id, second);
        first.State!.Version = 1;
        await Storage.WriteStateAsync(StateName, id, first);

        second.State!.Version = 2;
        await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.WriteStateAsync(StateName, id, second));
        await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.ClearStateAsync(StateName, id, second));
        var stored = new GrainState<EngineerRecord>();
        await Storage.ReadStateAsync(StateName, id, stored);
        Assert.Equal(1, stored.State!.Version);

        await Storage.ClearStateAsync(StateName, id, first);
        Assert.False(first.RecordExists);
        await Storage.ReadStateAsync(StateName, id, stored);
        Assert.False(stored.RecordExists);
        Assert.Null(stored.ETag);
    }
}
