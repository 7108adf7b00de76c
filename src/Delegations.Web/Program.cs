using Delegations.Web.Accounts;
using Delegations.Web.Admin;
using Delegations.Web.Approvals;
using Delegations.Web.Demo;
using Delegations.Web.Infrastructure;
using Delegations.Web.Jobs;
using Delegations.Web.Mail;
using Delegations.Web.Operations;
using Delegations.Web.Proposals;
using Delegations.Web.Reports;
using Delegations.Web.Security;
using Delegations.Web.Ui;
using Delegations.Web.Workflows;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Scalar.AspNetCore;

var builder = WebApplication.CreateBuilder(args);

builder.AddDatabase();
builder.AddJobs();
builder.AddReports();
builder.AddOperations();
builder.AddWebHardening();

builder.Services.AddSingleton<TimeProvider>(new AppClock(TimeProvider.System));
builder.Services.AddHttpContextAccessor();
builder.Services.AddProblems();
// A body that does not bind (wrong JSON type) throws, so the one exception handler answers with the field named.
builder.Services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
builder.Services.ConfigureHttpJsonOptions(o => ApiJson.Configure(o.SerializerOptions));
builder.Services.Configure<Microsoft.AspNetCore.Mvc.JsonOptions>(o => ApiJson.Configure(o.JsonSerializerOptions));
builder.Services.AddOpenApi(o => o.AddDocumentTransformer((doc, _, _) =>
{
    doc.Info.Title = "Delegations API";
    doc.Info.Description = "Delegation proposals, their approval workflows, tasks and reports. Errors are RFC 9457 problem details.";
    return Task.CompletedTask;
}));
builder.AddWebUi();

// Options
builder.Services.AddSingleton(builder.Configuration.GetSection(WorkflowOptions.Section).Get<WorkflowOptions>() ?? new WorkflowOptions());
builder.Services.AddSingleton(builder.Configuration.GetSection(MailOptions.Section).Get<MailOptions>() ?? new MailOptions());
builder.Services.AddSingleton(builder.Configuration.GetSection(AppOptions.Section).Get<AppOptions>() ?? new AppOptions());

// Identity: one user store for the cookie UI and the bearer API. No self-registration endpoint is mapped.
builder.Services.AddAuthentication(o =>
    {
        o.DefaultScheme = AuthSetup.BearerOrCookie;
        o.DefaultChallengeScheme = AuthSetup.BearerOrCookie;
    })
    .AddPolicyScheme(AuthSetup.BearerOrCookie, "Bearer token or cookie", o => o.ForwardDefaultSelector = AuthSetup.SelectScheme)
    .AddBearerToken(IdentityConstants.BearerScheme, o => o.BearerTokenExpiration = TimeSpan.FromHours(8))
    .AddIdentityCookies(cookies => cookies.ApplicationCookie?.Configure(AuthSetup.ConfigureCookie));
builder.Services.AddIdentityCore<AppUser>(AuthSetup.ConfigureIdentity)
    .AddRoles<IdentityRole>()
    .AddEntityFrameworkStores<DelegationsDbContext>()
    .AddSignInManager()
    .AddDefaultTokenProviders();
builder.Services.AddAuthorization(o => o.FallbackPolicy = new Microsoft.AspNetCore.Authorization.AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());
var dataProtection = builder.Services.AddDataProtection().SetApplicationName("Delegations");
if (builder.Configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>()?.IsPostgres == true)
    dataProtection.PersistKeysToDbContext<DelegationsDbContext>();
else
    dataProtection.PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(builder.Environment.ContentRootPath, builder.Configuration["DataProtection:KeysDirectory"] ?? "App_Data/keys")));

// Features
builder.Services.AddScoped<CurrentUser>();
builder.Services.AddScoped<AccountAudit>();
builder.Services.AddScoped<WorkflowAdmin>();
builder.Services.AddSingleton<DefinitionStore>();
builder.Services.AddScoped<WorkflowHost>();
builder.Services.AddScoped<ProposalViews>();
builder.Services.AddScoped<RecipientDirectory>();
builder.Services.AddScoped<MailTemplateStore>();
builder.Services.AddSingleton<MailRenderer>();
builder.Services.AddScoped<Outbox>();
builder.Services.AddScoped<MailDelivery>();
builder.Services.AddScoped<MailAdmin>();
builder.Services.AddSingleton<IMailTransport>(sp =>
{
    var mail = sp.GetRequiredService<MailOptions>();
    return mail.UsesSmtp
        ? new SmtpTransport(mail.Smtp)
        : new PickupFolderTransport(Path.Combine(builder.Environment.ContentRootPath, mail.PickupDirectory));
});
builder.Services.AddScoped<ProposalCommands>();
builder.Services.AddScoped<TaskCommands>();
builder.Services.AddScoped<DemoData>();
builder.Services.AddScoped<DeputyCommands>();
builder.Services.AddScoped<Reassignment>();
builder.Services.AddScoped<Delegations.Web.Policies.PolicyCheck>();
builder.Services.AddScoped<Delegations.Web.Documents.ProposalDocuments>();
builder.Services.AddScoped<Delegations.Web.Comments.CommentCommands>();
builder.Services.AddSingleton(builder.Configuration.GetSection(Delegations.Web.Budget.BudgetOptions.Section).Get<Delegations.Web.Budget.BudgetOptions>() ?? new Delegations.Web.Budget.BudgetOptions());
builder.Services.AddScoped<Delegations.Web.Visas.VisaTask>();
builder.Services.AddScoped<Delegations.Web.Budget.BudgetCheck>();

var app = builder.Build();
if (await AppCommands.RunAsync(app, args) is { } exitCode)
{
    Environment.ExitCode = exitCode; // a one-off command (migrate, create-admin) ran instead of the app
    return;
}
await AppStartup.InitializeAsync(app); // migrations (when configured), roles, default workflows, calendar, demo data
AppStartup.ReleaseStartupMemory();

app.UseSecurityHeaders();
app.UseOperations();
app.UseWebUi();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseStaticFiles();
app.UseAuthentication();
app.UseAccountCheck();
app.UseNotFoundForUnknownPaths();
app.UseAuthorization();

app.MapOpenApi().AllowAnonymous();
app.MapScalarApiReference("/api/docs", o => o.WithTitle("Delegations API").WithOpenApiRoutePattern("/openapi/{documentName}.json")).AllowAnonymous();
app.MapAuthApi();
app.MapAccountSettingsApi();
app.MapProposalsApi();
app.MapTasksApi();
app.MapReports();
app.MapWorkflowAdminApi();
app.MapHolidaysApi();
app.MapAccountsAdminApi();
app.MapAuditApi();
app.MapDeputiesApi();
app.MapReassignmentApi();
app.MapMailAdminApi();
Delegations.Web.Policies.PolicyRulesApi.Map(app);
Delegations.Web.Documents.DocumentsApi.Map(app);
Delegations.Web.Documents.DocumentTemplatesApi.Map(app);
Delegations.Web.Comments.CommentsApi.Map(app, app.Services.GetRequiredService<ReportsOptions>());
Delegations.Web.Budget.BudgetApi.MapBudgetApi(app);
app.MapWebUi();
app.MapJobs();
app.MapOperations();

await app.RunAsync();

/// <summary>For WebApplicationFactory in the tests.</summary>
public partial class Program;
