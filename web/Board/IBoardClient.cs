using Microsoft.AspNetCore.SignalR;
using ServiceGrid.Board;

namespace ServiceGrid.Web.Board;

/// <summary>What the server sends to board clients (API.md "Live board"): the one list of server-to-client methods.</summary>
public interface IBoardClient
{
    /// <summary>One change, with its scope's <c>seq</c>; the contract spells it <c>boardEvent</c>.</summary>
    [HubMethodName("boardEvent")]
    Task BoardEvent(BoardEvent boardEvent);
}
