using Microsoft.Playwright;

namespace ServiceGrid.Tests.Board;

/// <summary>
/// Debian's Chromium driven by Playwright (no browser download: the target network has none). Flags as the
/// machine notes ask: without the background-networking ones Chromium keeps dialling out of a closed network.
/// </summary>
public sealed class BoardBrowser : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    IPlaywright? _playwright;
    IBrowser? _browser;

    /// <summary>Script errors and failed loads on any page opened here: a page that works has none.</summary>
    public List<string> Errors { get; } = [];

    public IBrowser Browser => _browser ?? throw new InvalidOperationException("The browser is not started.");

    public async Task InitializeAsync()
    {
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync"],
        });
    }

    /// <summary>A page at a laptop's screen size, signed in as <paramref name="user"/> (demo password) through the
    /// page's own form, on the live board (connected and synced); in <paramref name="timeZone"/> when given (an IANA id).</summary>
    public async Task<IPage> OpenAsync(string url, string user = "hq", string? timeZone = null)
    {
        var page = await Browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1366, Height = 768 }, TimezoneId = timeZone });
        page.Console += (_, message) => { if (message.Type == "error") lock (Errors) Errors.Add($"{url}: {message.Text}"); };
        page.PageError += (_, error) => { lock (Errors) Errors.Add($"{url}: {error}"); };
        await page.GotoAsync(url);
        await page.FillAsync("#sign-in-username", user);
        await page.FillAsync("#sign-in-password", "demo");
        await page.ClickAsync("#sign-in-submit");
        await page.WaitForSelectorAsync("#live-status.live-live", new PageWaitForSelectorOptions { Timeout = 15_000 });
        return page;
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null) await _browser.DisposeAsync();
        _playwright?.Dispose();
    }
}
