using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using ServiceGrid.Telemetry;

namespace ServiceGrid.Tests.Infrastructure;

/// <summary>A <see cref="ServiceGridMetrics"/> of its own, for the collaborators unit tests build without a host.</summary>
public static class TestMetrics
{
    public static ServiceGridMetrics Create() =>
        new(new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<IMeterFactory>());
}
