namespace ServiceGrid.Planning;

/// <summary>Driving from one place to another.</summary>
public readonly record struct Leg(TimeSpan Time, double Km);

/// <summary>Travel times and distances, supplied by the caller (road factors, speeds, a matrix service).</summary>
public interface ITravelModel
{
    Leg Between(Location from, Location to);
}

/// <summary>Straight line on the plane × a road factor, at a constant speed.</summary>
public sealed class StraightLineTravel(double speedKmPerHour, double roadFactor = 1) : ITravelModel
{
    public Leg Between(Location from, Location to)
    {
        var km = Math.Sqrt(Math.Pow(from.X - to.X, 2) + Math.Pow(from.Y - to.Y, 2)) * roadFactor;
        return new Leg(TimeSpan.FromHours(km / speedKmPerHour), km);
    }
}

/// <summary>A caller's function as a travel model.</summary>
public sealed class DelegateTravel(Func<Location, Location, Leg> between) : ITravelModel
{
    public Leg Between(Location from, Location to) => between(from, to);
}
