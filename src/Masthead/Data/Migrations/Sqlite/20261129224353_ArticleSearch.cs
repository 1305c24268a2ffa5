using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Masthead.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ArticleSearch : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // FTS5 index over the articles table, kept in step by triggers so no code path can forget it.
            migrationBuilder.Sql("""
                CREATE VIRTUAL TABLE ArticleSearch USING fts5(
                    Title, Standfirst, BodyText,
                    content='Articles', content_rowid='Id',
                    tokenize='porter unicode61 remove_diacritics 2');
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER Articles_search_insert AFTER INSERT ON Articles BEGIN
                    INSERT INTO ArticleSearch(rowid, Title, Standfirst, BodyText) VALUES (new.Id, new.Title, new.Standfirst, new.BodyText);
                END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER Articles_search_delete AFTER DELETE ON Articles BEGIN
                    INSERT INTO ArticleSearch(ArticleSearch, rowid, Title, Standfirst, BodyText) VALUES ('delete', old.Id, old.Title, old.Standfirst, old.BodyText);
                END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER Articles_search_update AFTER UPDATE OF Title, Standfirst, BodyText ON Articles BEGIN
                    INSERT INTO ArticleSearch(ArticleSearch, rowid, Title, Standfirst, BodyText) VALUES ('delete', old.Id, old.Title, old.Standfirst, old.BodyText);
                    INSERT INTO ArticleSearch(rowid, Title, Standfirst, BodyText) VALUES (new.Id, new.Title, new.Standfirst, new.BodyText);
                END;
                """);
            migrationBuilder.Sql("INSERT INTO ArticleSearch(ArticleSearch) VALUES ('rebuild');");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS Articles_search_update;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS Articles_search_delete;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS Articles_search_insert;");
            migrationBuilder.Sql("DROP TABLE IF EXISTS ArticleSearch;");
        }
    }
}
