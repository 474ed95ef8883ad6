using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.FileProviders;

namespace KvmPortal.Hosting;

/// <summary>Serves KvmPortal's own browser modules (sources in wwwroot-assets/js, copied to frontend/js next to the binary) at /js/.</summary>
public static class FrontEndAssets
{
    public static IApplicationBuilder UseFrontEndAssets(this IApplicationBuilder app)
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "frontend", "js");
        Directory.CreateDirectory(folder);
        return app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = new PhysicalFileProvider(folder),
            RequestPath = "/js",
            ContentTypeProvider = new FileExtensionContentTypeProvider(),
            OnPrepareResponse = context => context.Context.Response.Headers.CacheControl = "no-cache",
        });
    }
}
