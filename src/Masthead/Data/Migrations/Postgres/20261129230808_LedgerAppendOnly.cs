using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Masthead.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class LedgerAppendOnly : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // The ledger is append-only at the database too, whatever code runs against it.
            migrationBuilder.Sql("""
                CREATE FUNCTION masthead_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    RAISE EXCEPTION '% is append-only: record a reversing entry', TG_TABLE_NAME;
                END $$;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER "Ledger_append_only" BEFORE UPDATE OR DELETE ON "Ledger"
                FOR EACH ROW EXECUTE FUNCTION masthead_append_only();
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER "MoneyAudit_append_only" BEFORE UPDATE OR DELETE ON "MoneyAudit"
                FOR EACH ROW EXECUTE FUNCTION masthead_append_only();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""DROP TRIGGER IF EXISTS "Ledger_append_only" ON "Ledger";""");
            migrationBuilder.Sql("""DROP TRIGGER IF EXISTS "MoneyAudit_append_only" ON "MoneyAudit";""");
            migrationBuilder.Sql("DROP FUNCTION IF EXISTS masthead_append_only();");
        }
    }
}
