using Microsoft.AspNetCore.Identity;

namespace KvmPortal.SignIn.Ldap;

/// <summary>A directory sign-in's result (as Identity's, so the login page treats it like a password sign-in) and, when refused, why.</summary>
public sealed record LdapSignInResult(SignInResult Result, ExternalRefusal Refusal)
{
    /// <summary>Gets the account's KvmPortal name (the directory's spelling) after a success.</summary>
    public string? UserName { get; init; }
}
