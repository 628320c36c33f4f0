namespace ServiceGrid.Silo.Persistence;

/// <summary>
/// Migrates the database as the first step of a silo's start, in durable mode.
/// A silo lifecycle stage rather than a hosted service: Orleans reaches the database only from later stages (the
/// membership table from RuntimeGrainServices, grain storage and the reminder service after it), and the lifecycle
/// finishes each stage before it starts the next. A hosted service would depend on registration order relative to
/// UseOrleans and on the host not starting services concurrently. A failed migration stops the silo before it joins
/// the cluster.
/// </summary>
public sealed class SchemaMigrationParticipant(PostgresMigrator migrator, string connectionString) : ILifecycleParticipant<ISiloLifecycle>
{
    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(SchemaMigrationParticipant), ServiceLifecycleStage.First, MigrateAsync);

    Task MigrateAsync(CancellationToken cancellationToken) =>
        migrator.MigrateAsync(connectionString, Migration.All, cancellationToken);
}
