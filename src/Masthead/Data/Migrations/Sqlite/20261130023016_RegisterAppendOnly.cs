using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Masthead.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class RegisterAppendOnly : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // The share ledger, share money and a member's history are append-only at the database too.
            migrationBuilder.Sql("""
                CREATE TRIGGER ShareEntries_no_update BEFORE UPDATE ON "ShareEntries"
                BEGIN SELECT RAISE(ABORT, 'ShareEntries is append-only: record a reversing entry'); END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER ShareEntries_no_delete BEFORE DELETE ON "ShareEntries"
                BEGIN SELECT RAISE(ABORT, 'ShareEntries is append-only: record a reversing entry'); END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER SharePayments_no_update BEFORE UPDATE ON "SharePayments"
                BEGIN SELECT RAISE(ABORT, 'SharePayments is append-only: record a reversing entry'); END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER SharePayments_no_delete BEFORE DELETE ON "SharePayments"
                BEGIN SELECT RAISE(ABORT, 'SharePayments is append-only: record a reversing entry'); END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER MemberChanges_no_update BEFORE UPDATE ON "MemberChanges"
                BEGIN SELECT RAISE(ABORT, 'MemberChanges is append-only: record a reversing entry'); END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER MemberChanges_no_delete BEFORE DELETE ON "MemberChanges"
                BEGIN SELECT RAISE(ABORT, 'MemberChanges is append-only: record a reversing entry'); END;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS ShareEntries_no_update;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS ShareEntries_no_delete;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS SharePayments_no_update;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS SharePayments_no_delete;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS MemberChanges_no_update;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS MemberChanges_no_delete;");
        }
    }
}
