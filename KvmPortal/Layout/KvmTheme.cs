using MudBlazor;

namespace KvmPortal.Layout;

/// <summary>KvmPortal's MudBlazor theme: a light and a dark palette, compact typography, the same accent in both.</summary>
public static class KvmTheme
{
    /// <summary>The cookie that carries the theme to pages rendered before a user is known (the login page).</summary>
    public const string Cookie = "kvmportal-theme";

    public static MudTheme Theme { get; } = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#1f6feb",
            Secondary = "#6e40c9",
            AppbarBackground = "#ffffff",
            AppbarText = "#1f2328",
            Background = "#f6f8fa",
            Surface = "#ffffff",
            DrawerBackground = "#ffffff",
            DrawerText = "#1f2328",
            TextPrimary = "#1f2328",
            TextSecondary = "#57606a",
            Success = "#1a7f37",
            Warning = "#9a6700",
            Error = "#cf222e",
        },
        PaletteDark = new PaletteDark
        {
            Primary = "#58a6ff",
            Secondary = "#bc8cff",
            AppbarBackground = "#161b22",
            AppbarText = "#e6edf3",
            Background = "#0d1117",
            Surface = "#161b22",
            DrawerBackground = "#161b22",
            DrawerText = "#e6edf3",
            TextPrimary = "#e6edf3",
            TextSecondary = "#9198a1",
            Success = "#3fb950",
            Warning = "#d29922",
            Error = "#f85149",
        },
        LayoutProperties = new LayoutProperties { AppbarHeight = "48px", DefaultBorderRadius = "6px" },
    };

    /// <summary>Reads the theme cookie's value: true for dark.</summary>
    public static bool IsDark(string? cookieValue) => string.Equals(cookieValue, "dark", StringComparison.Ordinal);
}
