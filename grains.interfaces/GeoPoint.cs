namespace ServiceGrid;

/// <summary>A WGS-84 position in degrees.</summary>
[GenerateSerializer, Immutable, Alias("ServiceGrid.GeoPoint")]
public sealed record GeoPoint([property: Id(0)] double Lat, [property: Id(1)] double Lon);
