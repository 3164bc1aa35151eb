using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LeadRouting.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class BoardBreachIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_Leads_EscalatedAt",
                table: "Leads",
                column: "EscalatedAt");

            migrationBuilder.CreateIndex(
                name: "IX_AuditEvents_Lapses",
                table: "AuditEvents",
                column: "At",
                filter: "\"Type\" = 'Reassigned'");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Leads_EscalatedAt",
                table: "Leads");

            migrationBuilder.DropIndex(
                name: "IX_AuditEvents_Lapses",
                table: "AuditEvents");
        }
    }
}
