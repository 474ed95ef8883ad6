using KvmPortal.Data;
using Microsoft.AspNetCore.Identity;

namespace KvmPortal.Account;

/// <summary>The password rules in words, and a candidate password checked against the same validators the change uses.</summary>
public sealed class PasswordRules(UserManager<ApplicationUser> users)
{
    public IReadOnlyList<string> Describe()
    {
        var o = users.Options.Password;
        var rules = new List<string> { $"At least {o.RequiredLength} characters" };
        var kinds = new List<string>();
        if (o.RequireUppercase)
        {
            kinds.Add("an upper-case letter");
        }

        if (o.RequireLowercase)
        {
            kinds.Add("a lower-case letter");
        }

        if (o.RequireDigit)
        {
            kinds.Add("a digit");
        }

        if (o.RequireNonAlphanumeric)
        {
            kinds.Add("a symbol");
        }

        if (kinds.Count > 0)
        {
            rules.Add("With " + string.Join(", ", kinds));
        }

        rules.Add("Not a common password and not containing your user name");
        return rules;
    }

    public async Task<IReadOnlyList<string>> ProblemsAsync(string userName, string candidate)
    {
        var probe = new ApplicationUser { UserName = userName };
        var problems = new List<string>();
        foreach (var validator in users.PasswordValidators)
        {
            var result = await validator.ValidateAsync(users, probe, candidate);
            problems.AddRange(result.Errors.Select(e => e.Description));
        }

        return [.. problems.Distinct()];
    }
}
