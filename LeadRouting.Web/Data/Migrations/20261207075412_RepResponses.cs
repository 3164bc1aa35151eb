using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LeadRouting.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class RepResponses : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "ActionLinkUses",
                columns: table => new
                {
                    Key = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    LeadId = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    RepId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Action = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    UsedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ActionLinkUses", x => x.Key);
                });

            migrationBuilder.CreateTable(
                name: "LeadNudges",
                columns: table => new
                {
                    LeadId = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Nudge = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    SentAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LeadNudges", x => new { x.LeadId, x.Nudge });
                });

            migrationBuilder.CreateIndex(
                name: "IX_ActionLinkUses_LeadId",
                table: "ActionLinkUses",
                column: "LeadId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ActionLinkUses");

            migrationBuilder.DropTable(
                name: "LeadNudges");
        }
    }
}
