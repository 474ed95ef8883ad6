namespace KvmPortal.SignIn.Ldap;

/// <summary>The directory's answer: on success the user's DN, attributes and groups; otherwise why not (no password in it).</summary>
public sealed record LdapAnswer(LdapOutcome Outcome, string? Dn = null, string? UserName = null, string? Email = null, IReadOnlyList<string>? Groups = null, string? Detail = null);
