using System.Diagnostics;
using System.Security.Cryptography;
using ServiceGrid.Silo.Hosting;
using ServiceGrid.Tests.Infrastructure;

namespace ServiceGrid.Tests.Telemetry;

/// <summary>One case intake is one trace: the HTTP request, the grain calls it made and, in durable mode, their SQL.</summary>
public sealed class TracingTests(TracedWeb web) : IClassFixture<TracedWeb>
{
    [Fact]
    public async Task A_case_intake_traces_the_grain_call_under_its_HTTP_request()
    {
        var trace = await web.TraceOfIntakeAsync(spans => spans.Any(IsCaseOpen));

        var http = trace.Single(TracedWeb.IsHttpServer);
        Assert.Equal("POST /api/cases/", http.DisplayName);
        Assert.All(trace.Where(IsCaseOpen), call => Assert.True(TracedWeb.Descends(call, http, trace), $"{call.DisplayName} is not under the HTTP span"));
    }

    internal static bool IsCaseOpen(Activity span) =>
        span.Source.Name == "Microsoft.Orleans.Application" && span.GetTagItem("rpc.method") is "ServiceGrid.Cases.ICaseGrain/Open";
}

/// <summary>The same in durable mode, where the case's state write is SQL on PostgreSQL.</summary>
[Collection(PostgresCollection.Name)]
public sealed class DurableTracingTests(PostgresServer server)
{
    [Fact]
    public async Task In_durable_mode_the_intake_trace_holds_the_PostgreSQL_statements_under_the_grain_call()
    {
        await using var web = new TracedWeb();
        web.Settings[$"ConnectionStrings:{ServiceGridHostOptions.ConnectionStringName}"] = await server.CreateDatabaseAsync("web_tracing");
        web.Settings["ServiceGrid:Auth:SigningKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        web.Settings["ServiceGrid:Auth:DemoUsers"] = "true";
        await ((IAsyncLifetime)web).InitializeAsync();

        var trace = await web.TraceOfIntakeAsync(spans =>
            spans.Any(TracingTests.IsCaseOpen) && spans.Any(sql => IsPostgres(sql) && spans.Any(call => TracingTests.IsCaseOpen(call) && TracedWeb.Descends(sql, call, spans))));

        var http = trace.Single(TracedWeb.IsHttpServer);
        var open = trace.Where(TracingTests.IsCaseOpen).ToList();
        var statements = trace.Where(IsPostgres).ToList();
        Assert.Contains(statements, sql => open.Any(call => TracedWeb.Descends(sql, call, trace)));
        Assert.All(open, call => Assert.True(TracedWeb.Descends(call, http, trace)));
    }

    static bool IsPostgres(Activity span) => span.Source.Name == "Npgsql";
}

/// <summary>A request its caller does not record stays unrecorded down to its grain calls.</summary>
public sealed class UnrecordedTracingTests
{
    [Fact]
    public async Task The_grain_call_of_an_unrecorded_request_starts_no_trace_of_its_own()
    {
        await using var web = new TracedWeb();
        // Every new trace recorded: a grain call that lost its request's context would start one, and be exported.
        web.Settings[$"{TelemetryOptions.Section}:TraceSampleRatio"] = "1";
        await ((IAsyncLifetime)web).InitializeAsync();

        var unrecorded = await web.OpenCaseUnderAsync(ActivityTraceId.CreateRandom(), sampled: false);
        // A recorded intake after it: once its case's Open call is exported, the first one's would have been already.
        var recorded = await web.OpenCaseUnderAsync(ActivityTraceId.CreateRandom(), sampled: true);
        await Eventually.Until(() => Task.FromResult(OpenCallsOf(recorded.Id)), calls => calls.Count > 0);

        Assert.Empty(OpenCallsOf(unrecorded.Id));

        List<Activity> OpenCallsOf(string caseId) => web.SpansTagged(caseId).Where(TracingTests.IsCaseOpen).ToList();
    }
}
