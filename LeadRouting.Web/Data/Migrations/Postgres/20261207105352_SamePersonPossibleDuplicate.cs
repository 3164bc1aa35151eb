using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LeadRouting.Web.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class SamePersonPossibleDuplicate : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "AccountDomain",
                table: "Leads",
                type: "character varying(253)",
                maxLength: 253,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "PersonKey",
                table: "Leads",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "PossibleDuplicateOf",
                table: "Leads",
                type: "character varying(40)",
                maxLength: 40,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_Leads_AccountDomain_PersonKey",
                table: "Leads",
                columns: new[] { "AccountDomain", "PersonKey" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Leads_AccountDomain_PersonKey",
                table: "Leads");

            migrationBuilder.DropColumn(
                name: "AccountDomain",
                table: "Leads");

            migrationBuilder.DropColumn(
                name: "PersonKey",
                table: "Leads");

            migrationBuilder.DropColumn(
                name: "PossibleDuplicateOf",
                table: "Leads");
        }
    }
}
