using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LeadRouting.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class AccountDomainAliases : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "AccountDomainAliases",
                columns: table => new
                {
                    Alias = table.Column<string>(type: "TEXT", maxLength: 253, nullable: false),
                    AccountDomain = table.Column<string>(type: "TEXT", maxLength: 253, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AccountDomainAliases", x => x.Alias);
                    table.ForeignKey(
                        name: "FK_AccountDomainAliases_Accounts_AccountDomain",
                        column: x => x.AccountDomain,
                        principalTable: "Accounts",
                        principalColumn: "Domain",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_AccountDomainAliases_AccountDomain",
                table: "AccountDomainAliases",
                column: "AccountDomain");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "AccountDomainAliases");
        }
    }
}
