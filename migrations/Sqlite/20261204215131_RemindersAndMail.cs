using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Delegations.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class RemindersAndMail : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "RemindersSent",
                table: "FollowUps",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.CreateTable(
                name: "MailSettings",
                columns: table => new
                {
                    UserId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    DailyDigest = table.Column<bool>(type: "INTEGER", nullable: false),
                    LastDigestOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MailSettings", x => x.UserId);
                    table.ForeignKey(
                        name: "FK_MailSettings_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_MailSettings_DailyDigest_LastDigestOn",
                table: "MailSettings",
                columns: new[] { "DailyDigest", "LastDigestOn" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "MailSettings");

            migrationBuilder.DropColumn(
                name: "RemindersSent",
                table: "FollowUps");
        }
    }
}
