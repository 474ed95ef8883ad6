using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace KvmPortal.Data;

/// <summary>KvmPortal's SQLite database: accounts and roles (Identity), and later macros, tokens and the audit log.</summary>
public sealed class KvmDbContext(DbContextOptions<KvmDbContext> options) : IdentityDbContext<ApplicationUser, IdentityRole, string>(options)
{
    public DbSet<ApiToken> ApiTokens => Set<ApiToken>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(KvmDbContext).Assembly);
        builder.Entity<ApplicationUser>(user =>
        {
            // SQLite cannot order or compare DateTimeOffset natively; store UTC ticks.
            user.Property(u => u.CreatedAt).HasConversion(v => v.UtcTicks, v => new DateTimeOffset(v, TimeSpan.Zero));
            user.Property(u => u.LockoutEnd).HasConversion(
                v => v.HasValue ? v.Value.UtcTicks : (long?)null,
                v => v.HasValue ? new DateTimeOffset(v.Value, TimeSpan.Zero) : null);
        });
    }
}
