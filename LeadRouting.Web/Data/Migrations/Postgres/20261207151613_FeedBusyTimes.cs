using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LeadRouting.Web.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class FeedBusyTimes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "BusyFrom",
                table: "RepCalendarFeeds",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "BusyJson",
                table: "RepCalendarFeeds",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "BusyUntil",
                table: "RepCalendarFeeds",
                type: "bigint",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "BusyFrom",
                table: "RepCalendarFeeds");

            migrationBuilder.DropColumn(
                name: "BusyJson",
                table: "RepCalendarFeeds");

            migrationBuilder.DropColumn(
                name: "BusyUntil",
                table: "RepCalendarFeeds");
        }
    }
}
