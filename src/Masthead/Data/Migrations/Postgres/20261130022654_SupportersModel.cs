using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Masthead.Data.Migrations.Postgres
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
                type: "boolean",
                nullable: false,
                defaultValue: true);

            migrationBuilder.AddColumn<int>(
                name: "SupporterId",
                table: "Ledger",
                type: "integer",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "SupporterSchemes",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Description = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    MonthlyPence = table.Column<long>(type: "bigint", nullable: false),
                    OpenAmount = table.Column<bool>(type: "boolean", nullable: false),
                    Currency = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: false),
                    CountsTowardFund = table.Column<bool>(type: "boolean", nullable: false, defaultValue: true),
                    Offered = table.Column<bool>(type: "boolean", nullable: false),
                    Position = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SupporterSchemes", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Supporters",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Key = table.Column<Guid>(type: "uuid", nullable: false),
                    SchemeId = table.Column<int>(type: "integer", nullable: false),
                    Name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Email = table.Column<string>(type: "character varying(254)", maxLength: 254, nullable: false),
                    MonthlyPence = table.Column<long>(type: "bigint", nullable: false),
                    Currency = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: false),
                    Method = table.Column<int>(type: "integer", nullable: false),
                    State = table.Column<int>(type: "integer", nullable: false),
                    StateAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    JoinedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    CancelledAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    CancelsAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    Provider = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    CheckoutSessionId = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    CustomerId = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    SubscriptionId = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    Reference = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    RecordedBy = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    Note = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true)
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
