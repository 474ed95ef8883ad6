using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace KvmPortal.Data.Migrations
{
    public partial class ApiTokens : Migration
    {
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "ApiTokens",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    UserId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    SecretHash = table.Column<byte[]>(type: "BLOB", maxLength: 32, nullable: false),
                    Permissions = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    CreatedTicks = table.Column<long>(type: "INTEGER", nullable: false),
                    ExpiresTicks = table.Column<long>(type: "INTEGER", nullable: true),
                    LastUsedTicks = table.Column<long>(type: "INTEGER", nullable: true),
                    Revoked = table.Column<bool>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ApiTokens", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ApiTokens_UserId",
                table: "ApiTokens",
                column: "UserId");
        }

        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ApiTokens");
        }
    }
}
