using KvmPortal.Auth;

namespace KvmPortal.Tests.Support;

/// <summary>Passwords for test accounts, generated per run: the repository holds no password literal, not even in tests.</summary>
public static class TestPasswords
{
    /// <summary>Gets the password configured as Setup:AdminPassword in test apps.</summary>
    public static string Admin { get; } = FirstRunSeeder.GeneratePassword();

    /// <summary>Gets a shared password for the non-admin accounts tests create.</summary>
    public static string User { get; } = FirstRunSeeder.GeneratePassword();

    /// <summary>A fresh password each call.</summary>
    public static string New() => FirstRunSeeder.GeneratePassword();
}
