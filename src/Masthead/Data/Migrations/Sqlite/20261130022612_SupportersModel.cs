using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Masthead.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class SupportersModel : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "CountsTowardFund",
                table: "Ledger",
                type: "INTEGER",
                nullable: false,
                defaultValue: true);

            migrationBuilder.AddColumn<int>(
                name: "SupporterId",
                table: "Ledger",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "SupporterSchemes",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Description = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    MonthlyPence = table.Column<long>(type: "INTEGER", nullable: false),
                    OpenAmount = table.Column<bool>(type: "INTEGER", nullable: false),
                    Currency = table.Column<string>(type: "TEXT", maxLength: 3, nullable: false),
                    CountsTowardFund = table.Column<bool>(type: "INTEGER", nullable: false, defaultValue: true),
                    Offered = table.Column<bool>(type: "INTEGER", nullable: false),
                    Position = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SupporterSchemes", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Supporters",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Key = table.Column<Guid>(type: "TEXT", nullable: false),
                    SchemeId = table.Column<int>(type: "INTEGER", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Email = table.Column<string>(type: "TEXT", maxLength: 254, nullable: false),
                    MonthlyPence = table.Column<long>(type: "INTEGER", nullable: false),
                    Currency = table.Column<string>(type: "TEXT", maxLength: 3, nullable: false),
                    Method = table.Column<int>(type: "INTEGER", nullable: false),
                    State = table.Column<int>(type: "INTEGER", nullable: false),
                    StateAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    JoinedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    CancelledAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    CancelsAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    Provider = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    CheckoutSessionId = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    CustomerId = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    SubscriptionId = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    Reference = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    RecordedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    Note = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Supporters", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Supporters_SupporterSchemes_SchemeId",
                        column: x => x.SchemeId,
                        principalTable: "SupporterSchemes",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Ledger_SupporterId",
                table: "Ledger",
                column: "SupporterId");

            migrationBuilder.CreateIndex(
                name: "IX_Supporters_CheckoutSessionId",
                table: "Supporters",
                column: "CheckoutSessionId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Supporters_Email",
                table: "Supporters",
                column: "Email");

            migrationBuilder.CreateIndex(
                name: "IX_Supporters_Key",
                table: "Supporters",
                column: "Key",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Supporters_SchemeId",
                table: "Supporters",
                column: "SchemeId");

            migrationBuilder.CreateIndex(
                name: "IX_Supporters_State_JoinedAt",
                table: "Supporters",
                columns: new[] { "State", "JoinedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Supporters_SubscriptionId",
                table: "Supporters",
                column: "SubscriptionId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_SupporterSchemes_Name",
                table: "SupporterSchemes",
                column: "Name",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "Supporters");

            migrationBuilder.DropTable(
                name: "SupporterSchemes");

            migrationBuilder.DropIndex(
                name: "IX_Ledger_SupporterId",
                table: "Ledger");

            migrationBuilder.DropColumn(
                name: "CountsTowardFund",
                table: "Ledger");

            migrationBuilder.DropColumn(
                name: "SupporterId",
                table: "Ledger");
        }
    }
}
