using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace KvmPortal.Macros;

/// <summary>The Macros table; a name is unique per owner.</summary>
public sealed class MacroConfiguration : IEntityTypeConfiguration<Macro>
{
    public void Configure(EntityTypeBuilder<Macro> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("Macros");
        builder.HasKey(m => m.Id);
        builder.Property(m => m.Name).HasMaxLength(128).IsRequired();
        builder.Property(m => m.Owner).HasMaxLength(256).IsRequired();
        builder.HasIndex(m => new { m.Owner, m.Name }).IsUnique();
    }
}
