using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace KvmPortal.Data;

/// <summary>Used only by the dotnet-ef tool (migrations add/script) so it need not start the whole host.</summary>
public sealed class KvmDbContextFactory : IDesignTimeDbContextFactory<KvmDbContext>
{
    public KvmDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<KvmDbContext>().UseSqlite("Data Source=design-time.db").Options);
}
