using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Masthead.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class ArticleSearch : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // The expression must match ArticleSearch.PostgresAsync exactly for the index to be used.
            migrationBuilder.Sql("""
                CREATE INDEX "IX_Articles_Search" ON "Articles"
                USING GIN (to_tsvector('english', "Title" || ' ' || "Standfirst" || ' ' || "BodyText"));
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""DROP INDEX IF EXISTS "IX_Articles_Search";""");
        }
    }
}
