using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Masthead.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class LedgerAmountBound : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // No entry moves more than £100 million either way (LedgerEntry.MaxAmountPence), so no sum of entries can
            // overflow 64 bits. NOT VALID: rows already there are not re-checked (the table is append-only).
            migrationBuilder.Sql("""
                ALTER TABLE "Ledger" ADD CONSTRAINT "CK_Ledger_AmountBound"
                CHECK ("AmountPence" BETWEEN -10000000000 AND 10000000000) NOT VALID;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("ALTER TABLE \"Ledger\" DROP CONSTRAINT IF EXISTS \"CK_Ledger_AmountBound\";");
        }
    }
}
