using System.Net;
using AngleSharp;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Delegations.Web.Demo;
using Delegations.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Delegations.Web.Tests.Ui;

/// <summary>
/// A browser without a browser: cookies, the sign-in form with its anti-forgery token, and pages parsed with
/// AngleSharp so tests assert on the document, not on strings. Redirects are not followed, so tests see them.
/// </summary>
public sealed class PageClient(HttpClient http) : IDisposable
{
    private static readonly IBrowsingContext Parser = BrowsingContext.New(Configuration.Default);

    public HttpClient Http => http;

    public sealed record Page(HttpStatusCode Status, IDocument Document, HttpResponseMessage Response)
    {
        public string? Location => Response.Headers.Location?.ToString();
        public string Text => Document.Body?.TextContent ?? "";
        public IElement? One(string selector) => Document.QuerySelector(selector);
        public IReadOnlyList<IElement> All(string selector) => Document.QuerySelectorAll(selector).ToList();

        public Page Expect(HttpStatusCode status)
        {
            Assert.True(Status == status, $"Expected {(int)status} but got {(int)Status} {Location}: {Text[..Math.Min(Text.Length, 600)]}");
            return this;
        }
    }

    public static PageClient Anonymous(AppFactory app) =>
        new(app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true }));

    /// <summary>Signs in through the sign-in page as a demo account.</summary>
    public static async Task<PageClient> SignInAsync(AppFactory app, string email, string password = DemoData.Password)
    {
        var client = Anonymous(app);
        var result = await client.SubmitAsync("/account/login", "form:not([action])", new() { ["Email"] = email, ["Password"] = password });
        Assert.True(result.Status == HttpStatusCode.Redirect, $"sign-in as {email} failed: {(int)result.Status} {result.One("[data-testid=login-error]")?.TextContent}");
        return client;
    }

    public async Task<Page> GetAsync(string url)
    {
        var response = await http.GetAsync(url);
        return await ParseAsync(response);
    }

    /// <summary>Follows redirects (as a browser would) and returns the final page.</summary>
    public async Task<Page> FollowAsync(Page page)
    {
        for (var i = 0; i < 5 && page.Status is HttpStatusCode.Redirect or HttpStatusCode.Found or HttpStatusCode.SeeOther; i++)
            page = await GetAsync(page.Location!);
        return page;
    }

    /// <summary>
    /// Opens a page, fills a form on it (the fields the page rendered, anti-forgery token included, then
    /// <paramref name="values"/>) and posts it to its action, or to the submit button's formaction.
    /// </summary>
    public async Task<Page> SubmitAsync(string url, string formSelector, Dictionary<string, string?> values, string? submitSelector = null)
    {
        var page = (await GetAsync(url)).Expect(HttpStatusCode.OK);
        return await SubmitAsync(page, formSelector, values, submitSelector, url);
    }

    public async Task<Page> SubmitAsync(Page page, string formSelector, Dictionary<string, string?> values, string? submitSelector = null, string? pageUrl = null)
    {
        var form = page.Document.QuerySelector(formSelector) as IHtmlFormElement ?? throw new InvalidOperationException($"No form '{formSelector}' on the page.");
        var fields = Fields(form);
        foreach (var (name, value) in values)
        {
            fields.RemoveAll(f => f.Key == name);
            if (value is not null) fields.Add(new(name, value));
        }
        var action = form.GetAttribute("action");
        if (submitSelector is not null)
        {
            var button = form.QuerySelector(submitSelector) ?? throw new InvalidOperationException($"No button '{submitSelector}'.");
            action = button.GetAttribute("formaction") ?? action;
            if (button.GetAttribute("name") is { } name) fields.Add(new(name, button.GetAttribute("value") ?? ""));
        }
        return await PostAsync(string.IsNullOrEmpty(action) ? pageUrl ?? page.Response.RequestMessage!.RequestUri!.PathAndQuery : action, fields);
    }

    public async Task<Page> PostAsync(string url, IEnumerable<KeyValuePair<string, string>> fields)
    {
        var response = await http.PostAsync(url, new FormUrlEncodedContent(fields));
        return await ParseAsync(response);
    }

    /// <summary>What a browser would send for a form: inputs (checked boxes only), selected options, text areas.</summary>
    public static List<KeyValuePair<string, string>> Fields(IHtmlFormElement form)
    {
        var fields = new List<KeyValuePair<string, string>>();
        foreach (var element in form.Elements)
        {
            switch (element)
            {
                case IHtmlInputElement input when !string.IsNullOrEmpty(input.Name) && !input.IsDisabled:
                    if (input.Type is "checkbox" or "radio" && !input.IsChecked) break;
                    if (input.Type is "submit" or "button") break;
                    fields.Add(new(input.Name!, input.Value));
                    break;
                case IHtmlSelectElement select when !string.IsNullOrEmpty(select.Name) && !select.IsDisabled:
                    var selected = select.Options.FirstOrDefault(o => o.IsSelected) ?? select.Options.FirstOrDefault();
                    if (selected is not null) fields.Add(new(select.Name!, selected.Value));
                    break;
                case IHtmlTextAreaElement area when !string.IsNullOrEmpty(area.Name):
                    fields.Add(new(area.Name!, area.Value));
                    break;
            }
        }
        return fields;
    }

    private static async Task<Page> ParseAsync(HttpResponseMessage response)
    {
        var html = await response.Content.ReadAsStringAsync();
        var document = await Parser.OpenAsync(r => r.Content(html).Address(response.RequestMessage?.RequestUri?.ToString() ?? "http://localhost/"));
        return new Page(response.StatusCode, document, response);
    }

    public void Dispose() => http.Dispose();
}
