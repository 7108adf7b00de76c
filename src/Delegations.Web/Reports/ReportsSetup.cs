namespace Delegations.Web.Reports;

public sealed class ReportsOptions
{
    public const string Section = "Reports";
    /// <summary>Largest attachment accepted (bytes).</summary>
    public long MaxAttachmentBytes { get; set; } = 10 * 1024 * 1024;
    public int MaxAttachmentsPerProposal { get; set; } = 30;
}

/// <summary>The reports feature: post-trip reports, attachments, follow-ups, the compiled report and its monthly job.</summary>
public static class ReportsSetup
{
    public static WebApplicationBuilder AddReports(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton(builder.Configuration.GetSection(ReportsOptions.Section).Get<ReportsOptions>() ?? new ReportsOptions());
        builder.Services.AddScoped<ReportCommands>();
        builder.Services.AddScoped<CompiledReports>();
        builder.Services.AddScoped<CompiledReportJob>();
        return builder;
    }

    public static WebApplication MapReports(this WebApplication app)
    {
        app.MapReportApi();
        app.MapReportAttachments(app.Services.GetRequiredService<ReportsOptions>());
        app.MapFollowUpsApi();
        app.MapCompiledReportsApi();
        return app;
    }
}
