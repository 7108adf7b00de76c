using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;

namespace Delegations.Web.Reports;

/// <summary>
/// The compiled report as one printable HTML page: no scripts, one style sheet (allowed by its hash in the
/// Content-Security-Policy), A4 landscape when printed, every user text HTML-encoded.
/// </summary>
public static class CompiledReportHtml
{
    public const string ContentType = "text/html; charset=utf-8";

    // Vietnamese letters stay readable in the source; markup characters are encoded.
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    public const string Css = """
        :root { font-family: "Times New Roman", "Noto Serif", "DejaVu Serif", serif; font-size: 11pt; color: #111; }
        body { margin: 16px auto; max-width: 1200px; padding: 0 12px; }
        h1 { font-size: 16pt; text-align: center; margin: 0 0 4px; text-transform: uppercase; }
        h2 { font-size: 12.5pt; margin: 18px 0 6px; border-bottom: 1px solid #555; }
        .meta { text-align: center; margin: 0 0 2px; }
        .basis { font-style: italic; font-size: 9.5pt; color: #333; margin: 8px 0; }
        table { border-collapse: collapse; width: 100%; margin: 4px 0 8px; }
        th, td { border: 1px solid #777; padding: 3px 5px; vertical-align: top; text-align: left; }
        td { overflow-wrap: break-word; }
        th { background: #e8edf3; font-weight: bold; }
        td.n, th.n { text-align: right; }
        td.n, td.d { white-space: nowrap; }
        small { color: #333; }
        tfoot td { font-weight: bold; background: #f4f6f8; }
        table.figures { width: auto; min-width: 55%; }
        table.delegations { table-layout: fixed; font-size: 10pt; }
        col.c-no { width: 3.5%; } col.c-ref { width: 10%; } col.c-title { width: 14%; } col.c-head { width: 10%; } col.c-place { width: 12%; }
        col.c-dates { width: 9%; } col.c-count { width: 5%; } col.c-money { width: 9%; } col.c-agreements { width: 5.5%; } col.c-report { width: 8%; }
        tr.summary td { border-top: none; font-size: 9.5pt; padding-left: 12px; }
        tr.summary b { font-weight: bold; }
        tr.main td { border-bottom: 1px dotted #999; }
        .state-missing, .state-overdue { color: #a40000; font-weight: bold; }
        .state-late { color: #9a5b00; }
        .none { font-style: italic; }
        @page { size: A4 landscape; margin: 12mm 10mm; }
        @media print {
          body { margin: 0; max-width: none; padding: 0; }
          :root { font-size: 9pt; }
          thead { display: table-header-group; }
          tr { break-inside: avoid; }
          tr.main { break-after: avoid; }
          h2 { break-after: avoid; }
          a { color: inherit; text-decoration: none; }
        }
        """;

    /// <summary>The Content-Security-Policy for the page: nothing may load or run; only this style sheet applies.</summary>
    public static readonly string ContentSecurityPolicy =
        $"default-src 'none'; style-src 'sha256-{Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(Css)))}'; base-uri 'none'; form-action 'none'; frame-ancestors 'self'";

    public static string Render(CompiledReport r)
    {
        var t = ReportText.For(r.Language);
        var h = new StringBuilder(32 * 1024);
        string E(string? s) => Encoder.Encode(s ?? "");
        string N(long? v) => v is { } x ? t.Number(x) : "";

        h.Append("<!DOCTYPE html>\n<html lang=\"").Append(t.Language).Append("\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append("<title>").Append(E($"{t.Title} — {r.Period.Label}")).Append("</title>\n")
            .Append("<style>").Append(Css).Append("</style>\n</head>\n<body>\n");

        h.Append("<header>\n<h1>").Append(E(t.Title)).Append("</h1>\n")
            .Append("<p class=\"meta\">").Append(E(t.Period)).Append(": <strong>").Append(E(r.Period.Label)).Append("</strong> (")
            .Append(E(t.DateText(r.Period.From))).Append(" – ").Append(E(t.DateText(r.Period.To))).Append(")</p>\n")
            .Append("<p class=\"meta\">").Append(E(t.Department)).Append(": ").Append(E(r.Department?.Name ?? t.AllDepartments))
            .Append(" · ").Append(E(t.KindLabel)).Append(": ").Append(E(r.Kind is { } k ? t.Kinds[k] : t.AllKinds))
            .Append(" · ").Append(E(t.GeneratedAt)).Append(": ").Append(E(t.MomentText(r.GeneratedAt))).Append("</p>\n")
            .Append("<p class=\"basis\">").Append(E(r.Basis)).Append("</p>\n</header>\n");

        h.Append("<section id=\"summary\">\n<h2>").Append(E(t.Summary)).Append("</h2>\n<table class=\"figures\">\n<thead><tr><th>")
            .Append(E(t.Figure)).Append("</th><th class=\"n\">").Append(E(t.Value)).Append("</th></tr></thead>\n<tbody>\n");
        foreach (var (label, value, _) in t.Figures(r.Totals))
            h.Append("<tr><td>").Append(E(label)).Append("</td><td class=\"n\">").Append(N(value)).Append("</td></tr>\n");
        h.Append("</tbody>\n</table>\n</section>\n");

        h.Append("<section id=\"delegations\">\n<h2>").Append(E(t.Delegations)).Append("</h2>\n");
        if (r.Delegations.Count == 0) h.Append("<p class=\"none\">").Append(E(t.None)).Append("</p>\n");
        else
        {
            h.Append("<table class=\"delegations\">\n<colgroup><col class=\"c-no\"><col class=\"c-ref\"><col class=\"c-title\"><col class=\"c-head\"><col class=\"c-place\">")
                .Append("<col class=\"c-dates\"><col class=\"c-count\"><col class=\"c-count\"><col class=\"c-money\"><col class=\"c-money\"><col class=\"c-agreements\"><col class=\"c-report\"></colgroup>\n<thead><tr>");
            foreach (var (head, numeric) in new[]
                     {
                         (t.No, true), (t.Reference, false), (t.DelegationTitle, false), (t.Head, false), (t.Places, false), (t.Dates, false),
                         (t.Days, true), (t.People, true), (t.PlannedVnd, true), (t.ActualVnd, true), (t.AgreementsShort, true), (t.ReportStatus, false),
                     })
                h.Append(numeric ? "<th class=\"n\">" : "<th>").Append(E(head)).Append("</th>");
            h.Append("</tr></thead>\n<tbody>\n");
            var no = 0;
            foreach (var d in r.Delegations)
            {
                var state = EnumState(d.Report);
                h.Append("<tr class=\"main\" id=\"").Append(E(d.ReferenceNumber)).Append("\"><td class=\"n\">").Append(++no).Append("</td>")
                    .Append("<td class=\"d\">").Append(E(d.ReferenceNumber)).Append("<br><small>").Append(E(t.Kinds[d.Kind])).Append("</small></td>")
                    .Append("<td>").Append(E(d.Title)).Append("<br><small>").Append(E(d.Department)).Append("</small></td>")
                    .Append("<td>").Append(E(d.Head is null ? "" : $"{d.Head}, {d.HeadTitle}")).Append("</td>")
                    .Append("<td>").Append(E(d.Places)).Append(d.Counterparts.Count > 0 ? "<br><small>" + E(string.Join("; ", d.Counterparts)) + "</small>" : "").Append("</td>")
                    .Append("<td class=\"d\">").Append(E(t.DateText(d.StartDate))).Append(d.EndDate != d.StartDate ? "<br>– " + E(t.DateText(d.EndDate)) : "").Append("</td>")
                    .Append("<td class=\"n\">").Append(N(d.Days)).Append("</td>")
                    .Append("<td class=\"n\">").Append(N(d.People)).Append("</td>")
                    .Append("<td class=\"n\">").Append(N(d.PlannedVnd)).Append("</td>")
                    .Append("<td class=\"n\">").Append(N(d.ActualVnd)).Append("</td>")
                    .Append("<td class=\"n\">").Append(N(d.Agreements)).Append("</td>")
                    .Append("<td class=\"state-").Append(state).Append("\">").Append(E(t.States[d.Report]))
                    .Append(d.ReportFiledAt is { } filed ? "<br><small>" + E(t.MomentText(filed)) + "</small>" : "").Append("</td></tr>\n");
                if (!string.IsNullOrWhiteSpace(d.Summary))
                    h.Append("<tr class=\"summary\"><td></td><td colspan=\"11\"><b>").Append(E(t.ReportSummary)).Append(":</b> ").Append(E(d.Summary)).Append("</td></tr>\n");
            }
            var tt = r.Totals;
            h.Append("</tbody>\n<tfoot><tr><td></td><td colspan=\"5\">").Append(E(t.Total)).Append("</td>")
                .Append("<td class=\"n\">").Append(N(tt.Days)).Append("</td><td class=\"n\">").Append(N(tt.People)).Append("</td>")
                .Append("<td class=\"n\">").Append(N(tt.PlannedVnd)).Append("</td><td class=\"n\">").Append(N(tt.ActualVnd)).Append("</td>")
                .Append("<td class=\"n\">").Append(N(tt.Agreements)).Append("</td><td></td></tr></tfoot>\n</table>\n");
        }
        h.Append("</section>\n");

        Table(h, "by-country", t.ByCountry, t, [t.Country, t.Outbound, t.Inbound, t.Conferences, t.DelegationsTotal, t.People], [null, "n", "n", "n", "n", "n"],
            r.ByCountry.Select(c => new[] { E(c.Name), N(c.Outbound), N(c.Inbound), N(c.Conferences), N(c.Delegations), N(c.People) }));
        Table(h, "by-counterpart", t.ByCounterpart, t, [t.Organisation, t.Country, t.Outbound, t.Inbound, t.Conferences, t.DelegationsTotal], [null, null, "n", "n", "n", "n"],
            r.ByCounterpart.Select(c => new[] { E(c.Organisation), E(c.CountryName), N(c.Outbound), N(c.Inbound), N(c.Conferences), N(c.Delegations) }));
        Table(h, "agreements", t.Agreements, t, [t.Reference, t.AgreementsShort, t.Counterparts, t.SignedOn], ["d", null, null, "d"],
            r.Agreements.Select(a => new[] { E(a.ReferenceNumber), E(a.Title), E(a.Counterpart), E(t.DateText(a.SignedOn)) }));
        Table(h, "follow-ups", t.FollowUps, t, [t.Reference, t.Action, t.Owner, t.Due, t.Status, t.Note], ["d", null, null, "d", null, null],
            r.FollowUps.Select(f => new[]
            {
                E(f.ReferenceNumber), E(f.Action), E(f.Owner), E(t.DateText(f.Due)),
                $"<span class=\"state-{f.Status}\">{E(t.FollowUpStates[f.Status])}</span>" + (f.DoneAt is { } at ? " " + E(t.MomentText(at)) : ""), E(f.DoneNote),
            }));

        if (r.HostedConferences.Count > 0 || r.Kind == Proposals.ProposalKind.Conference)
            Table(h, "hosted-conferences", $"{t.HostedConferences} · {t.AnnualSummaryDue}: {t.DateText(r.AnnualSummaryDue)}", t,
                [t.Reference, t.Delegations, t.Topic, t.Organisers, t.From, t.To, t.ForeignParticipants, t.PrimeMinister, t.ReportStatus],
                ["d", null, null, null, "d", "d", "n", null, null],
                r.HostedConferences.Select(c => new[]
                {
                    E(c.ReferenceNumber), E(c.Title), E(c.Topic), E(c.Organisers), E(t.DateText(c.StartDate)), E(t.DateText(c.EndDate)),
                    N(c.ForeignParticipants) + (c.Countries.Count == 0 ? "" : " (" + E(string.Join(", ", c.Countries)) + ")"), c.UnderPrimeMinister ? "✓" : "",
                    E(t.States[c.Report]),
                }));

        h.Append("</body>\n</html>\n");
        return h.ToString();
    }

    private static string EnumState(ReportState state) => Infrastructure.EnumText.ToText(state).Replace('_', '-');

    /// <param name="cells">Already encoded.</param>
    /// <param name="classes">Per column: "n" numbers (right, no wrap), "d" dates and references (no wrap), or null.</param>
    private static void Table(StringBuilder h, string id, string title, ReportText t, string[] heads, string?[] classes, IEnumerable<string[]> cells)
    {
        h.Append("<section id=\"").Append(id).Append("\">\n<h2>").Append(Encoder.Encode(title)).Append("</h2>\n");
        var rows = cells.ToList();
        if (rows.Count == 0)
        {
            h.Append("<p class=\"none\">").Append(Encoder.Encode(t.None)).Append("</p>\n</section>\n");
            return;
        }
        h.Append("<table>\n<thead><tr>");
        for (var i = 0; i < heads.Length; i++) h.Append(classes[i] == "n" ? "<th class=\"n\">" : "<th>").Append(Encoder.Encode(heads[i])).Append("</th>");
        h.Append("</tr></thead>\n<tbody>\n");
        foreach (var row in rows)
        {
            h.Append("<tr>");
            for (var i = 0; i < row.Length; i++) h.Append(classes[i] is { } c ? $"<td class=\"{c}\">" : "<td>").Append(row[i]).Append("</td>");
            h.Append("</tr>\n");
        }
        h.Append("</tbody>\n</table>\n</section>\n");
    }
}
