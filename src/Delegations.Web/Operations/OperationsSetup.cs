using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Localization;

namespace Delegations.Web.Operations;

/// <summary>Behind a reverse proxy: which proxies may tell the app the client's address, scheme and host.</summary>
public sealed class ProxyOptions
{
    public const string Section = "ForwardedHeaders";
    /// <summary>Read X-Forwarded-For and X-Forwarded-Proto. Turn on when a reverse proxy or load balancer stands in front.</summary>
    public bool Enabled { get; set; }
    /// <summary>Addresses of the proxies to believe (loopback is always believed).</summary>
    public string[] KnownProxies { get; set; } = [];
    /// <summary>Networks of proxies to believe, in CIDR form (e.g. a Docker network, 172.18.0.0/16).</summary>
    public string[] KnownNetworks { get; set; } = [];
    /// <summary>Believe any sender. Only when nothing but the proxy can reach the app (a private network).</summary>
    public bool TrustAll { get; set; }
    /// <summary>How many proxies in a row to read back through (X-Forwarded-For entries).</summary>
    public int ForwardLimit { get; set; } = 1;
}

public sealed class CultureOptions
{
    public const string Section = "Localization";
    /// <summary>The culture when the browser asks for none we support: Vietnamese first.</summary>
    public string DefaultCulture { get; set; } = "vi-VN";
    public string[] SupportedCultures { get; set; } = ["vi-VN", "en-US"];
}

/// <summary>
/// What running in production adds around the features: forwarded headers from a reverse proxy, the request culture,
/// health endpoints and OpenTelemetry. Structured (JSON) console logs are configuration only (Logging:Console:FormatterName).
/// </summary>
public static class OperationsSetup
{
    public static WebApplicationBuilder AddOperations(this WebApplicationBuilder builder)
    {
        var proxy = builder.Configuration.GetSection(ProxyOptions.Section).Get<ProxyOptions>() ?? new ProxyOptions();
        builder.Services.AddSingleton(proxy);
        builder.Services.Configure<ForwardedHeadersOptions>(o => Configure(o, proxy));

        var cultures = builder.Configuration.GetSection(CultureOptions.Section).Get<CultureOptions>() ?? new CultureOptions();
        var supported = cultures.SupportedCultures.Select(CultureInfo.GetCultureInfo).ToList();
        if (!supported.Any(c => c.Name == cultures.DefaultCulture)) supported.Insert(0, CultureInfo.GetCultureInfo(cultures.DefaultCulture));
        builder.Services.Configure<RequestLocalizationOptions>(o =>
        {
            o.DefaultRequestCulture = new RequestCulture(cultures.DefaultCulture);
            o.SupportedCultures = supported;
            o.SupportedUICultures = supported;
        });

        builder.AddHealth();
        builder.AddTelemetry();
        return builder;
    }

    /// <summary>First in the pipeline: everything after it sees the client's address and the public scheme.</summary>
    public static WebApplication UseOperations(this WebApplication app)
    {
        if (app.Services.GetRequiredService<ProxyOptions>().Enabled) app.UseForwardedHeaders();
        app.UseRequestLocalization();
        return app;
    }

    public static WebApplication MapOperations(this WebApplication app) => app.MapHealth();

    public static void Configure(ForwardedHeadersOptions o, ProxyOptions proxy)
    {
        // The Host header is left alone (the proxy passes it on); links in mail use App:BaseUrl anyway.
        o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
        o.ForwardLimit = Math.Max(1, proxy.ForwardLimit);
        if (proxy.TrustAll)
        {
            o.KnownProxies.Clear();
            o.KnownIPNetworks.Clear();
            return;
        }
        foreach (var address in proxy.KnownProxies)
        {
            o.KnownProxies.Add(IPAddress.TryParse(address.Trim(), out var ip)
                ? ip
                : throw new InvalidOperationException($"ForwardedHeaders:KnownProxies: '{address}' is not an IP address."));
        }
        foreach (var network in proxy.KnownNetworks)
        {
            o.KnownIPNetworks.Add(System.Net.IPNetwork.TryParse(network.Trim(), out var parsed)
                ? parsed
                : throw new InvalidOperationException($"ForwardedHeaders:KnownNetworks: '{network}' is not a network in CIDR form (10.0.0.0/8)."));
        }
    }
}
