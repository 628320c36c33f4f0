using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace ServiceGrid.Web.Hosting;

/// <summary>Tells whoever started the process where to point the browser.</summary>
public static partial class StartupBanner
{
    public static void PrintWhenStarted(WebApplication app) =>
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
            foreach (var address in addresses) LogOpen(app.Logger, address.Replace("://[::]", "://localhost").Replace("://0.0.0.0", "://localhost"));
        });

    [LoggerMessage(Level = LogLevel.Information, Message = "ServiceGrid is running: open {Address}/ in a browser")]
    static partial void LogOpen(ILogger logger, string address);
}
