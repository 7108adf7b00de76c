using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Delegations.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class ApproverConveniences : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "AdHoc",
                table: "Tasks",
                type: "boolean",
                nullable: false,
                defaultValue: false);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "AdHoc",
                table: "Tasks");
        }
    }
}
