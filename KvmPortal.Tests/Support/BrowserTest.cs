using KvmPortal.Hardware.Simulation;
using KvmPortal.Users;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace KvmPortal.Tests.Support;

/// <summary>
/// The preamble of the Chromium tests in one place: the real app on a loopback socket (<see cref="App"/>, started on first use with
/// <see cref="Configure"/> and the users given as (name, role) with password <see cref="TestPasswords.User"/>; one per test, or one
/// per class with <see cref="OneAppPerClass"/>), Debian's Chromium (one per class, <see cref="ChromiumFixture"/>), sign-in at a
/// viewport, pages, the simulated target, the theme. Browser contexts opened here are closed after each test, then the per-test app
/// is stopped, also when the test failed.
/// </summary>
public abstract class BrowserTest(ChromiumFixture chromium, params (string Name, string Role)[] users) : IClassFixture<ChromiumFixture>, IAsyncLifetime
{
    /// <summary>The desktop size of issue 17's acceptance.</summary>
    public static readonly Viewport Desktop = new(1600, 900);

    /// <summary>The phone size of issue 17's acceptance.</summary>
    public static readonly Viewport Phone = new(390, 844);

    /// <summary>The body's background in the light theme.</summary>
    public const string LightBackground = "rgb(246, 248, 250)";

    /// <summary>The body's background in the dark theme.</summary>
    public const string DarkBackground = "rgb(13, 17, 23)";

    /// <summary>Gets the two sizes of issue 17's acceptance, for a [Theory]: 1600x900 and 390x844.</summary>
    public static TheoryData<int, int> Sizes => new() { { Desktop.Width, Desktop.Height }, { Phone.Width, Phone.Height } };

    private readonly List<IBrowserContext> _contexts = [];
    private KvmAppFactory? _app;

    protected IBrowser Browser => chromium.Browser;

    /// <summary>Gets the app (started on first use).</summary>
    protected KvmAppFactory App => _app ??= OneAppPerClass ? chromium.ClassApp ??= StartApp() : StartApp();

    /// <summary>Gets the app's simulated target.</summary>
    protected SimulatedTarget Target => App.Services.GetRequiredService<SimulatedTarget>();

    /// <summary>Gets whether the tests of a class share one app (their state must not depend on each other).</summary>
    protected virtual bool OneAppPerClass => false;

    /// <summary>Settings and test services for the app, before it starts on its real socket.</summary>
    protected virtual KvmAppFactory Configure(KvmAppFactory app) => app;

    public virtual Task InitializeAsync() => Task.CompletedTask;

    public virtual async Task DisposeAsync()
    {
        foreach (var context in _contexts)
        {
            await context.DisposeAsync();
        }

        if (!OneAppPerClass)
        {
            _app?.Dispose();
        }
    }

    /// <summary>A new browser context at <paramref name="size"/> (1600x900 unless given; touch on a phone), closed after the test.</summary>
    protected async Task<IBrowserContext> NewContextAsync(Viewport? size = null, bool acceptDownloads = false, Uri? server = null)
    {
        var (width, height) = size ?? Desktop;
        var context = await Browser.NewContextAsync(new()
        {
            BaseURL = (server ?? App.ServerAddress).ToString(),
            ViewportSize = new() { Width = width, Height = height },
            HasTouch = width < 600,
            AcceptDownloads = acceptDownloads,
        });
        _contexts.Add(context);
        return context;
    }

    /// <summary>A new context at <paramref name="size"/>, signed in as <paramref name="user"/>, on the interactive console.</summary>
    protected async Task<(IBrowserContext Context, IPage Page)> OpenConsoleAsync(string user, Viewport? size = null, string? password = null, bool downloads = false)
    {
        var context = await NewContextAsync(size, downloads);
        return (context, await SignInAsync(context, user, password));
    }

    /// <summary>Signs in on a new page of <paramref name="context"/> (the admin with its password) and waits for the console.</summary>
    protected static Task<IPage> SignInAsync(IBrowserContext context, string user, string? password = null) =>
        BrowserSignIn.SignInAsync(context, user, password ?? (user == "admin" ? KvmAppFactory.AdminPassword : TestPasswords.User));

    /// <summary>Goes to <paramref name="path"/> and waits until the page is interactive.</summary>
    protected static async Task<IPage> GoToAsync(IPage page, string path)
    {
        ArgumentNullException.ThrowIfNull(page);
        page.SetDefaultTimeout(30_000);
        await page.GotoAsync(path);
        await BrowserSignIn.WaitInteractiveAsync(page);
        return page;
    }

    /// <summary>Presses the simulated target's power button and waits for its prompt.</summary>
    protected async Task<SimulatedTarget> PoweredTargetAsync(string prompt = "sim-target>")
    {
        var target = Target;
        if (!target.IsPoweredOn)
        {
            target.SetPowerButton(true);
            target.SetPowerButton(false);
        }

        await WaitUntilAsync(() => target.ScreenText.Contains(prompt, StringComparison.Ordinal));
        return target;
    }

    /// <summary>Waits until the console has drawn a frame.</summary>
    protected static Task WaitForFramesAsync(IPage page) =>
        page.WaitForFunctionAsync("() => Number(document.querySelector('[data-testid=console-screen]').dataset.frames || 0) > 0");

    /// <summary>Polls <paramref name="condition"/> every 100 ms for up to <paramref name="seconds"/>.</summary>
    protected static Task WaitUntilAsync(Func<bool> condition, int seconds = 30) => BrowserSignIn.WaitUntilAsync(condition, seconds);

    /// <summary>Clicks the theme switch and waits until the page shows the other theme; returns whether it is dark now.</summary>
    protected static async Task<bool> ToggleThemeAsync(IPage page)
    {
        ArgumentNullException.ThrowIfNull(page);
        var before = await BackgroundAsync(page);
        await page.Locator("[data-testid=theme-toggle]").ClickAsync();
        await page.WaitForFunctionAsync($"() => getComputedStyle(document.body).backgroundColor !== '{before}'");
        return await BackgroundAsync(page) == DarkBackground;
    }

    protected static Task<string> BackgroundAsync(IPage page) => page.EvaluateAsync<string>("() => getComputedStyle(document.body).backgroundColor");

    /// <summary>Gets the elements of <paramref name="selector"/> that reach outside the viewport's width (their text and extent).</summary>
    protected static Task<string[]> OutsideViewportAsync(IPage page, string selector) => page.EvaluateAsync<string[]>("""
        s => [...document.querySelectorAll(s)].map(e => [e, e.getBoundingClientRect()])
          .filter(([, r]) => r.width > 0 && (r.left < 0 || r.right > window.innerWidth + 0.5))
          .map(([e, r]) => `${e.textContent.trim() || e.getAttribute('aria-label')} at ${Math.round(r.left)}..${Math.round(r.right)} px`)
        """, selector);

    private KvmAppFactory StartApp()
    {
        var app = Configure(new KvmAppFactory()).UseRealSocket();
        try
        {
            app.Start();
            var admin = app.Services.GetRequiredService<UserAdministration>();
            foreach (var (name, role) in users)
            {
                Assert.Empty(admin.CreateAsync(name, TestPasswords.User, role, CancellationToken.None).GetAwaiter().GetResult());
            }

            return app;
        }
        catch
        {
            app.Dispose(); // not handed out: stopped (and its data folder deleted) here
            throw;
        }
    }
}
