using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using ServiceGrid.Board;
using ServiceGrid.Web.Security;

namespace ServiceGrid.Web.Board;

/// <summary>The board's configuration for the pages.</summary>
public sealed record BoardConfig(string? TileUrl);

/// <summary>API.md "Live board": the hub, the snapshot, and the pages that show them (<c>/</c>, <c>/branch/{id}</c>, <c>/hq</c>, <c>/schedule</c>, <c>/branch/{id}/schedule</c>).</summary>
public static class BoardEndpoints
{
    public const string HubPath = "/hubs/board";

    public static WebApplication MapBoard(this WebApplication app)
    {
        app.MapHub<BoardHub>(HubPath);
        app.MapGroup("/api/board").WithTags("Board").MapGet("/", GetSnapshot).RequireAccess(Operation.ReadBoard);
        // Outside /api: the pages read it before anyone signs in, and it holds nothing secret.
        app.MapGet("/board/config", GetConfig).WithTags("Board");
        app.MapFallbackToFile("/branch/{id:gridId}", "branch.html");
        app.MapFallbackToFile("/hq", "hq.html");
        app.MapFallbackToFile("/schedule", "schedule.html");
        app.MapFallbackToFile("/branch/{id:gridId}/schedule", "schedule.html");
        return app;
    }

    /// <summary>
    /// The scope's board with its version: apply hub events with a higher <c>seq</c>. A customer's own feed is numbered by
    /// the <c>hq</c> sequencer (<see cref="IBoardScopeGrain.CustomerSnapshot"/>): their cases on the board, no engineers, no alerts.
    /// </summary>
    static async Task<Results<Ok<BoardSnapshot>, ValidationProblem>> GetSnapshot(string? scope, BoardScopeAccess access, IGrainFactory grains)
    {
        if (BoardScopeAccess.FormatError(scope) is { } error)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["scope"] = [error] });
        await access.RequireAsync(scope!);
        if (BoardScopes.CustomerOf(scope!) is { } customerId)
            return TypedResults.Ok(await grains.GetGrain<IBoardScopeGrain>(BoardScopes.Headquarters).CustomerSnapshot(customerId));
        return TypedResults.Ok(await grains.GetGrain<IBoardScopeGrain>(scope!).Snapshot());
    }

    static Ok<BoardConfig> GetConfig(IOptions<BoardOptions> options) => TypedResults.Ok(new BoardConfig(options.Value.TileUrl));
}
