using ServiceGrid.Board;

namespace ServiceGrid.Web.Board;

/// <summary>What the server sends to board clients (API.md "Live board"): the one list of server-to-client methods.</summary>
public interface IBoardClient
{
    /// <summary>Sent as <c>boardEvent</c>: one change, with its scope's <c>seq</c>.</summary>
    Task BoardEvent(BoardEvent boardEvent);
}
