using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Masthead.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class RegisterAppendOnly : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // The share ledger, share money and a member's history are append-only at the database too
            // (masthead_append_only() comes from the LedgerAppendOnly migration).
            migrationBuilder.Sql("""
                CREATE TRIGGER "ShareEntries_append_only" BEFORE UPDATE OR DELETE ON "ShareEntries"
                FOR EACH ROW EXECUTE FUNCTION masthead_append_only();
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER "SharePayments_append_only" BEFORE UPDATE OR DELETE ON "SharePayments"
                FOR EACH ROW EXECUTE FUNCTION masthead_append_only();
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER "MemberChanges_append_only" BEFORE UPDATE OR DELETE ON "MemberChanges"
                FOR EACH ROW EXECUTE FUNCTION masthead_append_only();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""DROP TRIGGER IF EXISTS "ShareEntries_append_only" ON "ShareEntries";""");
            migrationBuilder.Sql("""DROP TRIGGER IF EXISTS "SharePayments_append_only" ON "SharePayments";""");
            migrationBuilder.Sql("""DROP TRIGGER IF EXISTS "MemberChanges_append_only" ON "MemberChanges";""");
        }
    }
}
