namespace ServiceGrid.Demo;

/// <summary>Who the simulator acts as, in the timeline of each case (the demo users of API.md).</summary>
public static class TrafficActors
{
    public const string Csc = "csc";
    public const string Headquarters = "hq";

    public static string Branch(string branchId) => $"branch-{branchId}";
}
