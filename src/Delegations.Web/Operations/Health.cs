using System.Text.Json;
using Delegations.Web.Infrastructure;
using Delegations.Web.Mail;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Delegations.Web.Operations;

/// <summary>
/// /health/live: the process answers (restart it when not). /health/ready: it can do its work — the database answers
/// (503 when not, so a load balancer stops sending requests) and, with Mail:Mode=Smtp, the SMTP server accepts a
/// connection. An unreachable SMTP server only makes the node Degraded (still 200): mail waits in the outbox and is
/// retried, so taking every node out of service would turn a mail outage into a full one.
/// </summary>
public static class Health
{
    public const string Ready = "ready";

    public static WebApplicationBuilder AddHealth(this WebApplicationBuilder builder)
    {
        var checks = builder.Services.AddHealthChecks()
            .AddDbContextCheck<DelegationsDbContext>("database", HealthStatus.Unhealthy, [Ready]);
        var mail = builder.Configuration.GetSection(MailOptions.Section).Get<MailOptions>() ?? new MailOptions();
        if (mail.UsesSmtp)
            checks.AddCheck<SmtpHealthCheck>("smtp", HealthStatus.Degraded, [Ready], TimeSpan.FromSeconds(10));
        return builder;
    }

    public static WebApplication MapHealth(this WebApplication app)
    {
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteAsync }).AllowAnonymous();
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains(Ready), ResponseWriter = WriteAsync }).AllowAnonymous();
        return app;
    }

    /// <summary>{ "status": "Healthy", "checks": { "database": { "status": "Healthy", "durationMs": 3, "description": "…" } } }; no exception details.</summary>
    public static Task WriteAsync(HttpContext http, HealthReport report)
    {
        http.Response.ContentType = "application/json; charset=utf-8";
        http.Response.Headers.CacheControl = "no-store";
        var body = new
        {
            status = report.Status.ToString(),
            durationMs = (int)report.TotalDuration.TotalMilliseconds,
            checks = report.Entries.ToDictionary(e => e.Key, e => new
            {
                status = e.Value.Status.ToString(),
                durationMs = (int)e.Value.Duration.TotalMilliseconds,
                description = e.Value.Description ?? (e.Value.Exception is null ? null : e.Value.Exception.GetType().Name),
            }),
        };
        return http.Response.WriteAsync(JsonSerializer.Serialize(body, ApiJson.Options));
    }
}

/// <summary>Connects to the configured SMTP server (with its TLS setting), says NOOP and leaves, without signing in or sending.</summary>
public sealed class SmtpHealthCheck(MailOptions options) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        var smtp = options.Smtp;
        var target = $"{smtp.Host}:{smtp.Port}";
        try
        {
            using var client = new SmtpClient { Timeout = Math.Min(smtp.TimeoutSeconds, 10) * 1000 };
            var security = Enum.TryParse<SecureSocketOptions>(smtp.Security, ignoreCase: true, out var s) ? s : SecureSocketOptions.StartTlsWhenAvailable;
            await client.ConnectAsync(smtp.Host, smtp.Port, security, ct);
            await client.NoOpAsync(ct);
            await client.DisconnectAsync(true, ct);
            return HealthCheckResult.Healthy($"SMTP server {target} answers");
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, $"SMTP server {target} does not answer ({ex.GetType().Name})");
        }
    }
}
