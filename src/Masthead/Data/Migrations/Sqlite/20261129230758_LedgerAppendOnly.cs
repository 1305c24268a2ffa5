using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Masthead.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class LedgerAppendOnly : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // The ledger is append-only at the database too, whatever code runs against it.
            migrationBuilder.Sql("""
                CREATE TRIGGER Ledger_no_update BEFORE UPDATE ON "Ledger"
                BEGIN SELECT RAISE(ABORT, 'Ledger is append-only: record a reversing entry'); END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER Ledger_no_delete BEFORE DELETE ON "Ledger"
                BEGIN SELECT RAISE(ABORT, 'Ledger is append-only: record a reversing entry'); END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER MoneyAudit_no_update BEFORE UPDATE ON "MoneyAudit"
                BEGIN SELECT RAISE(ABORT, 'MoneyAudit is append-only: record a reversing entry'); END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER MoneyAudit_no_delete BEFORE DELETE ON "MoneyAudit"
                BEGIN SELECT RAISE(ABORT, 'MoneyAudit is append-only: record a reversing entry'); END;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS Ledger_no_update;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS Ledger_no_delete;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS MoneyAudit_no_update;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS MoneyAudit_no_delete;");
        }
    }
}
