using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Masthead.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class LedgerAmountBound : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // No entry moves more than £100 million either way (LedgerEntry.MaxAmountPence), so no sum of entries can
            // overflow 64 bits. A CHECK would need the table rebuilt (and its append-only triggers with it): a trigger
            // refuses the same rows.
            migrationBuilder.Sql("""
                CREATE TRIGGER Ledger_amount_bound BEFORE INSERT ON "Ledger"
                WHEN NEW."AmountPence" > 10000000000 OR NEW."AmountPence" < -10000000000
                BEGIN SELECT RAISE(ABORT, 'Ledger entries move at most 10000000000 pence'); END;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS Ledger_amount_bound;");
        }
    }
}
