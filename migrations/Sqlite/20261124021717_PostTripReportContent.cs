using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Delegations.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class PostTripReportContent : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "AddedAt",
                table: "FollowUps",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "AddedById",
                table: "FollowUps",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "DoneByName",
                table: "FollowUps",
                type: "TEXT",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "OwnerUserId",
                table: "FollowUps",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "CompiledReports",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    PeriodKind = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    PeriodStart = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    PeriodEnd = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    GeneratedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Delegations = table.Column<int>(type: "INTEGER", nullable: false),
                    Recipients = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CompiledReports", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ReportCosts",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    ReportId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ProposalId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Position = table.Column<int>(type: "INTEGER", nullable: false),
                    BudgetLine = table.Column<int>(type: "INTEGER", nullable: true),
                    Category = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Description = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    PlannedAmount = table.Column<decimal>(type: "TEXT", precision: 18, scale: 2, nullable: false),
                    PlannedVnd = table.Column<long>(type: "INTEGER", nullable: false),
                    Amount = table.Column<decimal>(type: "TEXT", precision: 18, scale: 2, nullable: false),
                    Currency = table.Column<string>(type: "TEXT", maxLength: 3, nullable: false),
                    ExchangeRate = table.Column<decimal>(type: "TEXT", precision: 18, scale: 4, nullable: false),
                    RateDate = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    AmountVnd = table.Column<long>(type: "INTEGER", nullable: false),
                    Note = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ReportCosts", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ReportCosts_Reports_ReportId",
                        column: x => x.ReportId,
                        principalTable: "Reports",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ReportGifts",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    ReportId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ProposalId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Position = table.Column<int>(type: "INTEGER", nullable: false),
                    Direction = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    Description = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    Counterpart = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    Date = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    ValueVnd = table.Column<long>(type: "INTEGER", nullable: true),
                    Handling = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ReportGifts", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ReportGifts_Reports_ReportId",
                        column: x => x.ReportId,
                        principalTable: "Reports",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ReportMeetings",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    ReportId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ProposalId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Position = table.Column<int>(type: "INTEGER", nullable: false),
                    Date = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Subject = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    Counterpart = table.Column<string>(type: "TEXT", maxLength: 300, nullable: true),
                    Participants = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    Notes = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ReportMeetings", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ReportMeetings_Reports_ReportId",
                        column: x => x.ReportId,
                        principalTable: "Reports",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "StoredFiles",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Content = table.Column<byte[]>(type: "BLOB", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_StoredFiles", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "CompiledReportFiles",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    CompiledReportId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Format = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    Language = table.Column<string>(type: "TEXT", maxLength: 5, nullable: false),
                    FileName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    ContentType = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Size = table.Column<long>(type: "INTEGER", nullable: false),
                    FileId = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CompiledReportFiles", x => x.Id);
                    table.ForeignKey(
                        name: "FK_CompiledReportFiles_CompiledReports_CompiledReportId",
                        column: x => x.CompiledReportId,
                        principalTable: "CompiledReports",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_CompiledReportFiles_StoredFiles_FileId",
                        column: x => x.FileId,
                        principalTable: "StoredFiles",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "ReportAttachments",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    ProposalId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    FileName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    ContentType = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Size = table.Column<long>(type: "INTEGER", nullable: false),
                    Sha256 = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Caption = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    FileId = table.Column<Guid>(type: "TEXT", nullable: false),
                    UploadedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UploadedById = table.Column<string>(type: "TEXT", nullable: false),
                    UploadedByName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ReportAttachments", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ReportAttachments_Proposals_ProposalId",
                        column: x => x.ProposalId,
                        principalTable: "Proposals",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_ReportAttachments_StoredFiles_FileId",
                        column: x => x.FileId,
                        principalTable: "StoredFiles",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_FollowUps_OwnerUserId",
                table: "FollowUps",
                column: "OwnerUserId");

            migrationBuilder.CreateIndex(
                name: "IX_FollowUps_ProposalId_DoneAt",
                table: "FollowUps",
                columns: new[] { "ProposalId", "DoneAt" });

            migrationBuilder.CreateIndex(
                name: "IX_CompiledReportFiles_CompiledReportId_Format_Language",
                table: "CompiledReportFiles",
                columns: new[] { "CompiledReportId", "Format", "Language" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_CompiledReportFiles_FileId",
                table: "CompiledReportFiles",
                column: "FileId");

            migrationBuilder.CreateIndex(
                name: "IX_CompiledReports_PeriodKind_PeriodStart_PeriodEnd",
                table: "CompiledReports",
                columns: new[] { "PeriodKind", "PeriodStart", "PeriodEnd" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ReportAttachments_FileId",
                table: "ReportAttachments",
                column: "FileId");

            migrationBuilder.CreateIndex(
                name: "IX_ReportAttachments_ProposalId",
                table: "ReportAttachments",
                column: "ProposalId");

            migrationBuilder.CreateIndex(
                name: "IX_ReportCosts_ProposalId",
                table: "ReportCosts",
                column: "ProposalId");

            migrationBuilder.CreateIndex(
                name: "IX_ReportCosts_ReportId",
                table: "ReportCosts",
                column: "ReportId");

            migrationBuilder.CreateIndex(
                name: "IX_ReportGifts_ProposalId",
                table: "ReportGifts",
                column: "ProposalId");

            migrationBuilder.CreateIndex(
                name: "IX_ReportGifts_ReportId",
                table: "ReportGifts",
                column: "ReportId");

            migrationBuilder.CreateIndex(
                name: "IX_ReportMeetings_ProposalId",
                table: "ReportMeetings",
                column: "ProposalId");

            migrationBuilder.CreateIndex(
                name: "IX_ReportMeetings_ReportId",
                table: "ReportMeetings",
                column: "ReportId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "CompiledReportFiles");

            migrationBuilder.DropTable(
                name: "ReportAttachments");

            migrationBuilder.DropTable(
                name: "ReportCosts");

            migrationBuilder.DropTable(
                name: "ReportGifts");

            migrationBuilder.DropTable(
                name: "ReportMeetings");

            migrationBuilder.DropTable(
                name: "CompiledReports");

            migrationBuilder.DropTable(
                name: "StoredFiles");

            migrationBuilder.DropIndex(
                name: "IX_FollowUps_OwnerUserId",
                table: "FollowUps");

            migrationBuilder.DropIndex(
                name: "IX_FollowUps_ProposalId_DoneAt",
                table: "FollowUps");

            migrationBuilder.DropColumn(
                name: "AddedAt",
                table: "FollowUps");

            migrationBuilder.DropColumn(
                name: "AddedById",
                table: "FollowUps");

            migrationBuilder.DropColumn(
                name: "DoneByName",
                table: "FollowUps");

            migrationBuilder.DropColumn(
                name: "OwnerUserId",
                table: "FollowUps");
        }
    }
}
