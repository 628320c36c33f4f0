using System.Diagnostics;

namespace ServiceGrid.Grains;

/// <summary>
/// Places where the crash-recovery tests kill a silo, between two steps that must converge after a crash at any point
/// (tests/Cluster). A debug build dies at the point that <c>SERVICEGRID_CRASH_AT</c> names, as kill -9 would, with no
/// shutdown; a release build compiles no call to it.
/// </summary>
public static class CrashPoints
{
    /// <summary>A case has taken its engineer for a dispatch and has not stored the dispatch yet.</summary>
    public const string DispatchEngineerAssigned = "dispatch:engineer-assigned";

    const string Variable = "SERVICEGRID_CRASH_AT";

    [Conditional("DEBUG")]
    public static void Reached(string point)
    {
        if (Environment.GetEnvironmentVariable(Variable) == point)
            Environment.FailFast($"{Variable}: crash point '{point}' reached.");
    }
}
