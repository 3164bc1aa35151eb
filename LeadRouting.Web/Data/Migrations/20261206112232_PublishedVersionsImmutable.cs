using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LeadRouting.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class PublishedVersionsImmutable : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_ConfigurationVersions_OneDraft",
                table: "ConfigurationVersions",
                column: "Kind",
                unique: true,
                filter: "\"Kind\" = 'Draft'");

            // A published version is history: the database itself refuses to change or delete it, whatever code runs.
            migrationBuilder.Sql("""
                CREATE TRIGGER "ConfigurationVersions_PublishedNeverChanges"
                BEFORE UPDATE ON "ConfigurationVersions"
                WHEN OLD."Kind" = 'Published'
                BEGIN SELECT RAISE(ABORT, 'A published configuration version never changes.'); END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER "ConfigurationVersions_PublishedNeverDeleted"
                BEFORE DELETE ON "ConfigurationVersions"
                WHEN OLD."Kind" = 'Published'
                BEGIN SELECT RAISE(ABORT, 'A published configuration version is never deleted.'); END;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER \"ConfigurationVersions_PublishedNeverDeleted\";");
            migrationBuilder.Sql("DROP TRIGGER \"ConfigurationVersions_PublishedNeverChanges\";");
            migrationBuilder.DropIndex(
                name: "IX_ConfigurationVersions_OneDraft",
                table: "ConfigurationVersions");
        }
    }
}
