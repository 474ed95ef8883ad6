using KvmPortal.Hosting;

return await KvmPortalHost.RunAsync(args).ConfigureAwait(false);

/// <summary>The entry point (top-level statements); public so WebApplicationFactory can find it.</summary>
public partial class Program;
