namespace KvmPortal.Account;

/// <summary>Registers the account page's services.</summary>
public static class AccountServiceCollectionExtensions
{
    public static IServiceCollection AddKvmAccount(this IServiceCollection services)
    {
        services.AddSingleton<RecoveryCodeHandoff>();
        services.AddScoped<AccountActions>();
        services.AddScoped<AccountOverview>();
        services.AddScoped<PasswordRules>();
        services.AddScoped<Layout.Clipboard>();
        return services;
    }
}
