using ServiceGrid.Web.Hosting;

namespace ServiceGrid.Web.Board;

public static class BoardWebExtensions
{
    /// <summary>SignalR with the API's JSON contract, the relay from the board streams, and the board's options.</summary>
    public static WebApplicationBuilder AddBoard(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddValidatedOptions<BoardOptions>(builder.Configuration, BoardOptions.Section);
        services.AddSignalR().AddJsonProtocol(json => ServiceGridWebExtensions.ConfigureContract(json.PayloadSerializerOptions));
        services.AddSingleton<BoardScopeAccess>();
        services.AddSingleton<BoardRelay>();
        services.AddHostedService(provider => provider.GetRequiredService<BoardRelay>());
        return builder;
    }
}
