using System.Security.Claims;
using KvmPortal.Auth;

namespace KvmPortal.Macros;

/// <summary>Running a macro needs Macros plus the permission of every kind of step in it (input: Control, power: Power).</summary>
public static class MacroPermissions
{
    public static IReadOnlyList<string> Required(IEnumerable<MacroStep> steps)
    {
        ArgumentNullException.ThrowIfNull(steps);
        var needed = new SortedSet<string>(StringComparer.Ordinal) { Permissions.Macros };
        foreach (var step in steps)
        {
            if (step.Kind == MacroStepKind.Power)
            {
                needed.Add(Permissions.Power);
            }
            else if (step.Kind != MacroStepKind.Delay)
            {
                needed.Add(Permissions.Control);
            }
        }

        return [.. needed];
    }

    /// <summary>The permissions the user lacks for these steps (empty: allowed).</summary>
    public static IReadOnlyList<string> Missing(ClaimsPrincipal user, IEnumerable<MacroStep> steps)
    {
        ArgumentNullException.ThrowIfNull(user);
        return [.. Required(steps).Where(p => !user.HasClaim(Permissions.ClaimType, p))];
    }
}
