namespace KvmPortal.Hosting;

/// <summary>
/// PACKAGE-MIRROR WORKAROUND (delete with BlazorWebJs.targets when Microsoft.AspNetCore.App.Internal.Assets restores):
/// serves the blazor.web.js that the build extracted from the .NET 9 runtime pack into the output folder.
/// </summary>
public static class BlazorScriptEndpoint
{
    public const string Route = "/_framework/blazor.web.js";

    public static IEndpointConventionBuilder MapBlazorScript(this IEndpointRouteBuilder endpoints)
    {
        var file = Path.Combine(AppContext.BaseDirectory, "blazor", "blazor.web.js");
        return endpoints.MapGet(Route, (HttpContext context) =>
            {
                if (!File.Exists(file))
                {
                    return Results.Problem($"blazor.web.js was not extracted at build time (expected {file}).", statusCode: 500);
                }

                context.Response.Headers.CacheControl = "no-cache";
                return Results.File(file, "text/javascript");
            })
            .AllowAnonymous()
            .ExcludeFromDescription();
    }
}
