using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using ServiceGrid.Board;
using ServiceGrid.Web.Security;

namespace ServiceGrid.Web.Board;

/// <summary>
/// The live board (<c>/hubs/board</c>). A client subscribes to a scope, then takes <c>GET /api/board?scope=</c> and
/// applies the events with <c>seq</c> above the snapshot's version. Subscribing first means no event falls between.
/// Browsers pass their token as <c>access_token</c> (see <see cref="SecurityExtensions"/>).
/// </summary>
[Authorize]
public sealed class BoardHub(BoardScopeAccess access, BoardRelay relay) : Hub<IBoardClient>
{
    public async Task Subscribe(string scope)
    {
        if (BoardScopes.CustomerOf(scope) is not null)
        {
            await SubscribeCustomerAsync(scope);
            return;
        }
        if (BoardScopeAccess.FormatError(scope) is { } error) throw new HubException(error);
        if (GridUser.From(Context.User!) is not { } user || !AccessRules.MayWatchBoard(user, scope))
            throw new HubException($"You may not watch the board '{scope}'.");
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

    /// <summary>A customer's own feed: their cases' events, taken from the <c>hq</c> scope this node relays (<see cref="BoardRelay"/>).</summary>
    async Task SubscribeCustomerAsync(string scope)
    {
        if (GridUser.From(Context.User!) is not { } user || !AccessRules.MayWatchBoard(user, scope))
            throw new HubException($"You may not watch the board '{scope}'.");
        await relay.RelayAsync(BoardScopes.Headquarters);
        await Groups.AddToGroupAsync(Context.ConnectionId, scope);
    }

    public Task Unsubscribe(string scope) => Groups.RemoveFromGroupAsync(Context.ConnectionId, scope);
}
