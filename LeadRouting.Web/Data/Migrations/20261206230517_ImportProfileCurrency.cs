using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LeadRouting.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class ImportProfileCurrency : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Currency",
                table: "ImportProfiles",
                type: "TEXT",
                maxLength: 3,
                nullable: true);

            migrationBuilder.AddColumn<decimal>(
                name: "Rate",
                table: "ImportProfiles",
                type: "TEXT",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Currency",
                table: "ImportProfiles");

            migrationBuilder.DropColumn(
                name: "Rate",
                table: "ImportProfiles");
        }
    }
}
