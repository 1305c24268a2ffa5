using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Masthead.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class StatementsCount : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // A statement's count moves with its signatures in the same transaction, whatever code runs: a signature
            // counts while ConfirmedAt is set, and stops counting when it is deleted (withdrawn). The UPDATE takes the
            // statement's row lock, so concurrent confirmations add up one after another and none is lost.
            migrationBuilder.Sql("""
                CREATE FUNCTION signatures_count() RETURNS trigger LANGUAGE plpgsql AS $$
                DECLARE
                    change integer := 0;
                    statement integer;
                BEGIN
                    IF TG_OP = 'INSERT' THEN
                        statement := NEW."StatementId";
                        IF NEW."ConfirmedAt" IS NOT NULL THEN change := 1; END IF;
                    ELSIF TG_OP = 'DELETE' THEN
                        statement := OLD."StatementId";
                        IF OLD."ConfirmedAt" IS NOT NULL THEN change := -1; END IF;
                    ELSE
                        statement := NEW."StatementId";
                        IF OLD."ConfirmedAt" IS NULL AND NEW."ConfirmedAt" IS NOT NULL THEN change := 1;
                        ELSIF OLD."ConfirmedAt" IS NOT NULL AND NEW."ConfirmedAt" IS NULL THEN change := -1;
                        END IF;
                    END IF;
                    IF change <> 0 THEN
                        UPDATE "Statements" SET "SignedCount" = "SignedCount" + change, "Revision" = "Revision" + 1 WHERE "Id" = statement;
                    END IF;
                    RETURN NULL;
                END
                $$;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER "Signatures_count" AFTER INSERT OR DELETE OR UPDATE OF "ConfirmedAt" ON "Signatures"
                FOR EACH ROW EXECUTE FUNCTION signatures_count();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""DROP TRIGGER IF EXISTS "Signatures_count" ON "Signatures";""");
            migrationBuilder.Sql("DROP FUNCTION IF EXISTS signatures_count();");
        }
    }
}
