using KvmPortal.Data;
using Microsoft.AspNetCore.Identity;

namespace KvmPortal.Auth;

/// <summary>
/// A hash of a random password, made once per app with the app's own hasher settings, that <see cref="LoginService"/> verifies for
/// an unknown user: that login costs what a known user's costs.
/// </summary>
public sealed class DummyPasswordHash
{
    private readonly Lock _gate = new();
    private string? _hash;

    public string Get(IPasswordHasher<ApplicationUser> hasher)
    {
        ArgumentNullException.ThrowIfNull(hasher);
        lock (_gate)
        {
            return _hash ??= hasher.HashPassword(new ApplicationUser(), Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16)));
        }
    }
}
