using KvmPortal.Data;
using Microsoft.EntityFrameworkCore;

namespace KvmPortal.Macros;

/// <summary>Macros in SQLite. A user sees their own macros and shared ones; only the owner (or an Admin) changes or deletes one.</summary>
public sealed class MacroStore(IServiceScopeFactory scopes, TimeProvider time)
{
    public async Task<IReadOnlyList<Macro>> ListAsync(string user, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KvmDbContext>();
        return await db.Set<Macro>().AsNoTracking().Where(m => m.Owner == user || m.Shared)
            .OrderBy(m => m.Name).ThenBy(m => m.Owner).ToListAsync(cancellationToken);
    }

    /// <summary>Gets a macro the user may see; null otherwise.</summary>
    public async Task<Macro?> GetAsync(long id, string user, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KvmDbContext>();
        return await db.Set<Macro>().AsNoTracking().FirstOrDefaultAsync(m => m.Id == id && (m.Owner == user || m.Shared), cancellationToken);
    }

    /// <summary>Creates the user's macro of that name, or replaces its steps and sharing. Returns the id.</summary>
    public async Task<long> SaveAsync(string owner, string name, bool shared, IReadOnlyList<MacroStep> steps, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(steps);
        if (steps.Count > MacroJson.MaxSteps)
        {
            throw new ArgumentException($"At most {MacroJson.MaxSteps} steps.", nameof(steps));
        }

        name = name.Trim();
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KvmDbContext>();
        var macro = await db.Set<Macro>().FirstOrDefaultAsync(m => m.Owner == owner && m.Name == name, cancellationToken);
        if (macro is null)
        {
            macro = new Macro { Owner = owner, Name = name };
            db.Add(macro);
        }

        macro.Shared = shared;
        macro.StepsJson = MacroJson.SerializeSteps(steps);
        macro.UpdatedTicks = time.GetUtcNow().UtcTicks;
        await db.SaveChangesAsync(cancellationToken);
        return macro.Id;
    }

    public async Task<bool> DeleteAsync(long id, string user, bool isAdmin, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KvmDbContext>();
        var macro = await db.Set<Macro>().FirstOrDefaultAsync(m => m.Id == id && (m.Owner == user || isAdmin), cancellationToken);
        if (macro is null)
        {
            return false;
        }

        db.Remove(macro);
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }
}
