using Microsoft.Playwright;

namespace KvmPortal.Tests.Support;

/// <summary>
/// Where browser tests write their screenshots: artifacts/screenshots (git-ignored, so a test run leaves the checkout clean) unless
/// <c>KVMPORTAL_UPDATE_SCREENSHOTS=1</c> is set, which writes them into docs/images to update the documentation deliberately.
/// </summary>
public static class Screenshots
{
    public const string UpdateVariable = "KVMPORTAL_UPDATE_SCREENSHOTS";

    /// <summary>Gets the folder screenshots go to (created).</summary>
    public static string Folder
    {
        get
        {
            var folder = Environment.GetEnvironmentVariable(UpdateVariable) == "1"
                ? Path.Combine(RepositoryRoot.Find(), "docs", "images")
                : Path.Combine(RepositoryRoot.Find(), "artifacts", "screenshots");
            Directory.CreateDirectory(folder);
            return folder;
        }
    }

    public static string PathFor(string name) => Path.Combine(Folder, name);

    /// <summary>Screenshots the page's viewport (or the whole page) as <paramref name="name"/>.</summary>
    public static Task<byte[]> TakeAsync(IPage page, string name, bool fullPage = false)
    {
        ArgumentNullException.ThrowIfNull(page);
        return page.ScreenshotAsync(new() { Path = PathFor(name), FullPage = fullPage });
    }
}
