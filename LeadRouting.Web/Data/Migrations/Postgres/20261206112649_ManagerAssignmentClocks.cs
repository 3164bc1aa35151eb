using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LeadRouting.Web.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class ManagerAssignmentClocks : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Leads_Analytics",
                table: "Leads");

            migrationBuilder.AddColumn<string>(
                name: "AssignedBy",
                table: "Leads",
                type: "character varying(256)",
                maxLength: 256,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "AssignmentReason",
                table: "Leads",
                type: "character varying(500)",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "LapsedAt",
                table: "Leads",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "LapsedOwnerId",
                table: "Leads",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "LapsedStage",
                table: "Leads",
                type: "character varying(32)",
                maxLength: 32,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "ResponseClockFrom",
                table: "Leads",
                type: "bigint",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_Leads_Analytics",
                table: "Leads",
                columns: new[] { "ReceivedAt", "TeamId", "OwnerId", "Source", "SegmentId", "Action", "Stage", "ResponseStatus", "AssignedAt", "FirstTouchAt", "RespondBy", "ResponseClockFrom", "LapsedStage", "LapsedOwnerId" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Leads_Analytics",
                table: "Leads");

            migrationBuilder.DropColumn(
                name: "AssignedBy",
                table: "Leads");

            migrationBuilder.DropColumn(
                name: "AssignmentReason",
                table: "Leads");

            migrationBuilder.DropColumn(
                name: "LapsedAt",
                table: "Leads");

            migrationBuilder.DropColumn(
                name: "LapsedOwnerId",
                table: "Leads");

            migrationBuilder.DropColumn(
                name: "LapsedStage",
                table: "Leads");

            migrationBuilder.DropColumn(
                name: "ResponseClockFrom",
                table: "Leads");

            migrationBuilder.CreateIndex(
                name: "IX_Leads_Analytics",
                table: "Leads",
                columns: new[] { "ReceivedAt", "TeamId", "OwnerId", "Source", "SegmentId", "Action", "Stage", "ResponseStatus", "AssignedAt", "FirstTouchAt" });
        }
    }
}
