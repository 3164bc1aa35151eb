using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LeadRouting.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class FairShareLedger : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "Credit",
                table: "RoundRobinPasses",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.CreateTable(
                name: "PoolPicks",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    PoolKey = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    LeadId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    RepId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    At = table.Column<long>(type: "INTEGER", nullable: false),
                    Rotation = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PoolPicks", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "PoolSettings",
                columns: table => new
                {
                    PoolKey = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    MakeUp = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    LedgerResetAt = table.Column<long>(type: "INTEGER", nullable: true),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PoolSettings", x => x.PoolKey);
                });

            migrationBuilder.CreateTable(
                name: "ShareAdjustments",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    PoolKey = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    RepId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Leads = table.Column<int>(type: "INTEGER", nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    Actor = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    At = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ShareAdjustments", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_RoutingDecisions_OwnerId_DecidedAt",
                table: "RoutingDecisions",
                columns: new[] { "OwnerId", "DecidedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_PoolPicks_PoolKey_At",
                table: "PoolPicks",
                columns: new[] { "PoolKey", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_ShareAdjustments_PoolKey_At",
                table: "ShareAdjustments",
                columns: new[] { "PoolKey", "At" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "PoolPicks");

            migrationBuilder.DropTable(
                name: "PoolSettings");

            migrationBuilder.DropTable(
                name: "ShareAdjustments");

            migrationBuilder.DropIndex(
                name: "IX_RoutingDecisions_OwnerId_DecidedAt",
                table: "RoutingDecisions");

            migrationBuilder.DropColumn(
                name: "Credit",
                table: "RoundRobinPasses");
        }
    }
}
