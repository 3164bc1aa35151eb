using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LeadRouting.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class AnalyticsIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_Leads_Analytics",
                table: "Leads",
                columns: new[] { "ReceivedAt", "TeamId", "OwnerId", "Source", "SegmentId", "Action", "Stage", "ResponseStatus", "AssignedAt", "FirstTouchAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Leads_Analytics",
                table: "Leads");
        }
    }
}
