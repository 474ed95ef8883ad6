using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace KvmPortal.Data.Migrations
{
    /// <summary>
    /// The schema-version step for the move from EF Core 6 / Identity 6 to EF Core 10 / Identity 10. The tables did not change
    /// (dotnet-ef 10 finds no model difference; only the snapshot was refreshed), so Up does nothing; recording it in
    /// __EFMigrationsHistory marks a database as opened by EF Core 10, and its being pending makes the first start of this
    /// version back up the EF Core 6 database (see DatabaseBackup).
    /// </summary>
    public partial class Ef10Baseline : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
        }
    }
}
