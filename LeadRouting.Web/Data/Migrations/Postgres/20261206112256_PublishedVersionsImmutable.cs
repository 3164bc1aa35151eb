using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LeadRouting.Web.Data.Migrations.Postgres
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
                CREATE FUNCTION "ConfigurationVersions_PublishedNeverChanges"() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    RAISE EXCEPTION 'A published configuration version never changes.' USING ERRCODE = 'restrict_violation';
                END $$;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER "ConfigurationVersions_PublishedNeverChanges"
                BEFORE UPDATE OR DELETE ON "ConfigurationVersions"
                FOR EACH ROW WHEN (OLD."Kind" = 'Published')
                EXECUTE FUNCTION "ConfigurationVersions_PublishedNeverChanges"();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER \"ConfigurationVersions_PublishedNeverChanges\" ON \"ConfigurationVersions\";");
            migrationBuilder.Sql("DROP FUNCTION \"ConfigurationVersions_PublishedNeverChanges\"();");
            migrationBuilder.DropIndex(
                name: "IX_ConfigurationVersions_OneDraft",
                table: "ConfigurationVersions");
        }
    }
}
