using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Delegations.Web.Infrastructure;

// Used only by `dotnet ef migrations add` (see README): each provider's context with a placeholder connection.

internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteDelegationsDbContext>
{
    public SqliteDelegationsDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteDelegationsDbContext>().UseSqlite("Data Source=design-time.db").Options);
}

internal sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresDelegationsDbContext>
{
    public PostgresDelegationsDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresDelegationsDbContext>().UseNpgsql("Host=localhost;Database=delegations_design").Options);
}
