using KvmPortal.Configuration;
using KvmPortal.Layout;

namespace KvmPortal.Hosting;

/// <summary>Entry point: command-line verbs, or the web app.</summary>
public static class KvmPortalHost
{
    public static async Task<int> RunAsync(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args.Length > 0 && (args[0] == "--version" || args[0] == "version"))
        {
            await System.Console.Out.WriteLineAsync($"KvmPortal {typeof(KvmPortalHost).Assembly.GetName().Version}").ConfigureAwait(false);
            return 0;
        }

        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args });
        ConfigurationLayering.Apply(builder.Configuration, builder.Environment.EnvironmentName, args);

        if (args.Length >= 2 && args[0] == "config" && args[1] == "show")
        {
            return ConfigShowCommand.Run(builder.Configuration, System.Console.Out);
        }

        if (UsersCommand.IsVerb(args))
        {
            return await UsersCommand.RunAsync(args, builder, System.Console.Out, CancellationToken.None).ConfigureAwait(false);
        }

        if (CommandVerbs.IsVerb(args))
        {
            return await CommandVerbs.RunAsync(args, builder.Configuration, System.Console.Out, CancellationToken.None).ConfigureAwait(false);
        }

        builder.AddKvmPortalServices();
        var app = builder.Build();
        app.UseKvmPortalPipeline<App>();
        try
        {
            await Auth.FirstRunSeeder.CheckConfiguredPasswordAsync(app.Services).ConfigureAwait(false);
            await app.RunAsync().ConfigureAwait(false);
        }
        catch (StartupConfigurationException ex)
        {
            // A setting the operator must fix: say which and how, without a stack trace.
            await System.Console.Error.WriteLineAsync("KvmPortal cannot start: " + ex.Message).ConfigureAwait(false);
            return 78; // EX_CONFIG
        }

        return 0;
    }
}
