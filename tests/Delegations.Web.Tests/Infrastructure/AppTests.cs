namespace Delegations.Web.Tests.Infrastructure;

/// <summary>
/// Base of the API scenario tests: every test gets its own app (so its clock can travel) on a SQLite file. A test
/// class opts in to PostgreSQL with one line that runs all its tests again on a database of their own:
/// <code>public sealed class SeedDelegationApiTestsOnPostgres : SeedDelegationApiTests, IOnPostgres;</code>
/// (the test class itself must then be public and not sealed).
/// </summary>
public abstract class AppTests : IAsyncLifetime
{
    protected AppTests()
    {
        App = this is IOnPostgres ? new PostgresAppFactory() : new AppFactory();
    }

    protected AppFactory App { get; }
    protected Flow Flow => new(App);

    public virtual Task InitializeAsync() => App.InitializeAsync();
    public virtual Task DisposeAsync() => ((IAsyncLifetime)App).DisposeAsync();
}

/// <summary>Marks a test class that runs its inherited tests on PostgreSQL (DELEGATIONS_TEST_POSTGRES).</summary>
public interface IOnPostgres;
