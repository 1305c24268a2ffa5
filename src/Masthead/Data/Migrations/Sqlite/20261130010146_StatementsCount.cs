using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Masthead.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class StatementsCount : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // A statement's count moves with its signatures in the same transaction, whatever code runs: a signature
            // counts while ConfirmedAt is set, and stops counting when it is deleted (withdrawn).
            migrationBuilder.Sql("""
                CREATE TRIGGER Signatures_count_insert AFTER INSERT ON "Signatures"
                WHEN NEW."ConfirmedAt" IS NOT NULL
                BEGIN
                    UPDATE "Statements" SET "SignedCount" = "SignedCount" + 1, "Revision" = "Revision" + 1 WHERE "Id" = NEW."StatementId";
                END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER Signatures_count_update AFTER UPDATE OF "ConfirmedAt" ON "Signatures"
                WHEN (OLD."ConfirmedAt" IS NULL) <> (NEW."ConfirmedAt" IS NULL)
                BEGIN
                    UPDATE "Statements"
                    SET "SignedCount" = "SignedCount" + (CASE WHEN NEW."ConfirmedAt" IS NULL THEN -1 ELSE 1 END), "Revision" = "Revision" + 1
                    WHERE "Id" = NEW."StatementId";
                END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER Signatures_count_delete AFTER DELETE ON "Signatures"
                WHEN OLD."ConfirmedAt" IS NOT NULL
                BEGIN
                    UPDATE "Statements" SET "SignedCount" = "SignedCount" - 1, "Revision" = "Revision" + 1 WHERE "Id" = OLD."StatementId";
                END;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS Signatures_count_insert;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS Signatures_count_update;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS Signatures_count_delete;");
        }
    }
}
