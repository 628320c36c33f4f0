using Microsoft.AspNetCore.SignalR;

namespace ServiceGrid.Web.Board;

/// <summary>
/// The live board (<c>/hubs/board</c>). A client subscribes to a scope, then takes <c>GET /api/board?scope=</c> and
/// applies the events with <c>seq</c> above the snapshot's version. Subscribing first means no event falls between.
/// </summary>
public sealed class BoardHub(BoardScopeAccess access, BoardRelay relay) : Hub<IBoardClient>
{
    public async Task Subscribe(string scope)
    {
        if (BoardScopeAccess.FormatError(scope) is { } error) throw new HubException(error);
        try
        {
            await access.RequireAsync(scope);
        }
        catch (DomainException refused)
        {
            // Only HubException messages reach the client; others are hidden as a generic failure.
            throw new HubException(refused.Message);
        }
        await relay.RelayAsync(scope);
        await Groups.AddToGroupAsync(Context.ConnectionId, scope);
    }

    public Task Unsubscribe(string scope) => Groups.RemoveFromGroupAsync(Context.ConnectionId, scope);
}
