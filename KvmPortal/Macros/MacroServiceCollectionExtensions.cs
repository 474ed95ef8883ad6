namespace KvmPortal.Macros;

/// <summary>Registers the macro store, runner and the per-circuit recording.</summary>
public static class MacroServiceCollectionExtensions
{
    public static IServiceCollection AddKvmMacros(this IServiceCollection services)
    {
        services.AddSingleton<MacroStore>();
        services.AddSingleton<MacroRunner>();
        services.AddScoped<MacroRecording>();
        return services;
    }
}
