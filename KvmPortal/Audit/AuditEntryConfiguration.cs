using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace KvmPortal.Audit;

/// <summary>The AuditEntries table: indexed by time, user and action for the admin page's filters.</summary>
public sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("AuditEntries");
        builder.HasKey(e => e.Id);
        builder.Ignore(e => e.Time);
        builder.Property(e => e.Action).HasMaxLength(64).IsRequired();
        builder.Property(e => e.User).HasMaxLength(256);
        builder.Property(e => e.ClientAddress).HasMaxLength(64);
        builder.Property(e => e.Target).HasMaxLength(512);
        builder.Property(e => e.Details).HasMaxLength(512);
        builder.Property(e => e.Outcome).HasConversion<string>().HasMaxLength(16);
        builder.HasIndex(e => e.TimeTicks);
        builder.HasIndex(e => new { e.User, e.TimeTicks });
        builder.HasIndex(e => new { e.Action, e.TimeTicks });
    }
}
