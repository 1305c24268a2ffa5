using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Masthead.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class SignaturesListIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Signatures_StatementId_ConfirmedAt",
                table: "Signatures");

            migrationBuilder.CreateIndex(
                name: "IX_Signatures_StatementId_ConfirmedAt_Id",
                table: "Signatures",
                columns: new[] { "StatementId", "ConfirmedAt", "Id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Signatures_StatementId_ConfirmedAt_Id",
                table: "Signatures");

            migrationBuilder.CreateIndex(
                name: "IX_Signatures_StatementId_ConfirmedAt",
                table: "Signatures",
                columns: new[] { "StatementId", "ConfirmedAt" });
        }
    }
}
