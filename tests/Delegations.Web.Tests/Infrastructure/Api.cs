using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Delegations.Web.Infrastructure;

namespace Delegations.Web.Tests.Infrastructure;

/// <summary>A thin JSON client: every call returns the status and the parsed body, so tests assert both.</summary>
public sealed class Api(HttpClient http) : IDisposable
{
    public HttpClient Http => http;

    public sealed record Response(HttpStatusCode Status, JsonNode? Body, string Text, HttpResponseMessage Raw)
    {
        public JsonObject Object => Body as JsonObject ?? throw new InvalidOperationException($"Expected a JSON object, got {(int)Status}: {Text}");
        public JsonArray Array => Body as JsonArray ?? throw new InvalidOperationException($"Expected a JSON array, got {(int)Status}: {Text}");
        public string this[string property] => Object[property]?.ToString() ?? "";

        /// <summary>The field errors of a validation problem (keys are JSON paths).</summary>
        public IReadOnlyDictionary<string, string[]> Errors =>
            (Object["errors"] as JsonObject)?.ToDictionary(kv => kv.Key, kv => kv.Value!.AsArray().Select(v => v!.GetValue<string>()).ToArray())
            ?? new Dictionary<string, string[]>();

        public Response Expect(HttpStatusCode status)
        {
            Assert.True(Status == status, $"Expected {(int)status} but got {(int)Status}: {Text}");
            return this;
        }
    }

    public Task<Response> Get(string url) => Send(HttpMethod.Get, url, null);
    public Task<Response> Post(string url, object? body = null, IDictionary<string, string>? headers = null) => Send(HttpMethod.Post, url, body, headers);
    public Task<Response> Put(string url, object body) => Send(HttpMethod.Put, url, body);

    public async Task<Response> Send(HttpMethod method, string url, object? body, IDictionary<string, string>? headers = null)
    {
        using var request = new HttpRequestMessage(method, url);
        if (body is not null)
        {
            var json = body switch
            {
                string s => s,
                JsonNode n => n.ToJsonString(),
                _ => JsonSerializer.Serialize(body, ApiJson.Options),
            };
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }
        foreach (var (k, v) in headers ?? new Dictionary<string, string>()) request.Headers.TryAddWithoutValidation(k, v);
        var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        JsonNode? node = null;
        if (text.Length > 0 && (response.Content.Headers.ContentType?.MediaType?.Contains("json") ?? false)) node = JsonNode.Parse(text);
        return new Response(response.StatusCode, node, text, response);
    }

    public void Dispose() => http.Dispose();
}
