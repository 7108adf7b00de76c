using System.Net;
using Delegations.Web.Infrastructure;
using Delegations.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Delegations.Web.Tests.Api;

/// <summary>The API's surface: OpenAPI, problem details, sign-in; and the model/migrations check CI relies on.</summary>
public sealed class PlatformTests(AppFactory app) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task The_openapi_document_lists_every_endpoint_with_its_error_responses()
    {
        var doc = (await app.Anonymous().Get("/openapi/v1.json")).Expect(HttpStatusCode.OK).Object;
        var paths = doc["paths"]!.AsObject();
        foreach (var path in new[] { "/api/proposals", "/api/proposals/{id}", "/api/proposals/{id}/submit", "/api/tasks", "/api/tasks/{id}/complete", "/api/proposals/{id}/report", "/api/auth/login" })
            Assert.True(paths.ContainsKey(path), $"{path} is missing from the OpenAPI document");
        var complete = paths["/api/tasks/{id}/complete"]!["post"]!["responses"]!.AsObject();
        Assert.True(complete.ContainsKey("409"));
        Assert.True(complete.ContainsKey("403"));
        Assert.True(paths["/api/proposals"]!["post"]!["responses"]!.AsObject().ContainsKey("400"));
        (await app.Anonymous().Get("/api/docs")).Expect(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Sign_in_returns_a_bearer_token_and_wrong_passwords_get_401_problem_details()
    {
        var ok = (await app.Anonymous().Post("/api/auth/login", new { email = "intl@demo.local", password = "Demo@2026" })).Expect(HttpStatusCode.OK);
        Assert.False(string.IsNullOrEmpty(ok["accessToken"]));
        Assert.False(string.IsNullOrEmpty(ok["refreshToken"]));
        var bad = (await app.Anonymous().Post("/api/auth/login", new { email = "intl@demo.local", password = "wrong" })).Expect(HttpStatusCode.Unauthorized);
        Assert.Equal("application/problem+json", bad.Raw.Content.Headers.ContentType!.MediaType);
        (await app.Anonymous().Post("/api/auth/login", new { email = "nobody@demo.local", password = "Demo@2026" })).Expect(HttpStatusCode.Unauthorized);
        var refreshed = (await app.Anonymous().Post("/api/auth/refresh", new { refreshToken = ok["refreshToken"] })).Expect(HttpStatusCode.OK);
        Assert.False(string.IsNullOrEmpty(refreshed["accessToken"]));
    }

    [Theory]
    [InlineData("/api/auth/register")]
    [InlineData("/register")]
    [InlineData("/api/register")]
    public async Task Self_registration_is_not_reachable(string path)
    {
        var response = await app.Anonymous().Post(path, new { email = "new@demo.local", password = "Demo@2026x" });
        // Nothing answers: a 404/405, or (outside /api) the redirect to the sign-in page.
        Assert.True(response.Status is HttpStatusCode.NotFound or HttpStatusCode.MethodNotAllowed or HttpStatusCode.Unauthorized
            || (response.Status == HttpStatusCode.Redirect && response.Raw.Headers.Location!.ToString().Contains("/account/login"))
            || response.Raw.RequestMessage!.RequestUri!.AbsolutePath == "/account/login", $"{path}: {(int)response.Status}");
        Assert.Null(await app.Db(db => db.Users.FirstOrDefaultAsync(u => u.Email == "new@demo.local")));
    }

    [Fact]
    public async Task Unknown_api_routes_and_ids_are_problem_details()
    {
        using var api = await app.As("submitter@demo.local");
        var missing = (await api.Get($"/api/proposals/{Guid.NewGuid()}")).Expect(HttpStatusCode.NotFound);
        Assert.Equal("application/problem+json", missing.Raw.Content.Headers.ContentType!.MediaType);
        Assert.Equal(404, missing.Object["status"]!.GetValue<int>());
    }

    [Fact]
    public async Task Neither_providers_model_has_changes_without_a_migration()
    {
        // The SQLite context is the app's; the PostgreSQL one is built offline (no server needed to compare models).
        Assert.False(await app.Db(db => Task.FromResult(db.Database.HasPendingModelChanges())), "SQLite: run scripts/add-migration.sh");
        await using var postgres = new PostgresDelegationsDbContext(new DbContextOptionsBuilder<PostgresDelegationsDbContext>()
            .UseNpgsql("Host=localhost;Database=unused").Options);
        Assert.False(postgres.Database.HasPendingModelChanges(), "PostgreSQL: run scripts/add-migration.sh");
        Assert.Equal(postgres.Database.GetMigrations().Count(), await app.Db(db => Task.FromResult(db.Database.GetMigrations().Count())));
    }
}
