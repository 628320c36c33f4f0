namespace ServiceGrid.Grains;

/// <summary>Names of the grain storage providers; the silo maps each to memory or PostgreSQL.</summary>
public static class StorageNames
{
    public const string Cases = "cases";
    public const string Organization = "organization";
    public const string PubSub = "PubSubStore";

    public static readonly string[] All = [Cases, Organization, PubSub];
}
