using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Masthead.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class StatementsCountPerStatement : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // The count moves once per statement instead of once per row: a batch of confirmations written as one
            // UPDATE moves each statement's count (and its row, a wide one with the text) once, not once per signature.
            // Transition tables need a trigger per event; one function serves the three.
            migrationBuilder.Sql("""DROP TRIGGER IF EXISTS "Signatures_count" ON "Signatures";""");
            migrationBuilder.Sql("DROP FUNCTION IF EXISTS signatures_count();");
            migrationBuilder.Sql("""
                CREATE FUNCTION signatures_count() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF TG_OP = 'INSERT' THEN
                        UPDATE "Statements" AS st SET "SignedCount" = st."SignedCount" + d.change, "Revision" = st."Revision" + 1
                        FROM (SELECT "StatementId", count(*) AS change FROM new_rows WHERE "ConfirmedAt" IS NOT NULL GROUP BY "StatementId") AS d
                        WHERE st."Id" = d."StatementId";
                    ELSIF TG_OP = 'DELETE' THEN
                        UPDATE "Statements" AS st SET "SignedCount" = st."SignedCount" - d.change, "Revision" = st."Revision" + 1
                        FROM (SELECT "StatementId", count(*) AS change FROM old_rows WHERE "ConfirmedAt" IS NOT NULL GROUP BY "StatementId") AS d
                        WHERE st."Id" = d."StatementId";
                    ELSE
                        UPDATE "Statements" AS st SET "SignedCount" = st."SignedCount" + d.change, "Revision" = st."Revision" + 1
                        FROM (SELECT n."StatementId",
                                     sum((n."ConfirmedAt" IS NOT NULL)::integer - (o."ConfirmedAt" IS NOT NULL)::integer) AS change
                              FROM new_rows AS n JOIN old_rows AS o ON o."Id" = n."Id"
                              GROUP BY n."StatementId") AS d
                        WHERE st."Id" = d."StatementId" AND d.change <> 0;
                    END IF;
                    RETURN NULL;
                END
                $$;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER "Signatures_count_insert" AFTER INSERT ON "Signatures"
                REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION signatures_count();
                CREATE TRIGGER "Signatures_count_update" AFTER UPDATE ON "Signatures"
                REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION signatures_count();
                CREATE TRIGGER "Signatures_count_delete" AFTER DELETE ON "Signatures"
                REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION signatures_count();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER IF EXISTS "Signatures_count_insert" ON "Signatures";
                DROP TRIGGER IF EXISTS "Signatures_count_update" ON "Signatures";
                DROP TRIGGER IF EXISTS "Signatures_count_delete" ON "Signatures";
                DROP FUNCTION IF EXISTS signatures_count();
                """);
            // Back to the row trigger, as StatementsCount made it.
            migrationBuilder.Operations.AddRange(new StatementsCount().UpOperations);
        }
    }
}
