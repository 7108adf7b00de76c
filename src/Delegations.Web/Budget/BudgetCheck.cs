using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Delegations.Web.Infrastructure;
using Delegations.Web.Proposals;
using Delegations.Web.Workflows;
using Delegations.Workflows.Runtime;

namespace Delegations.Web.Budget;

/// <summary>
/// Finance's approval of the budget (the steps with <c>"kind": "budget"</c>): optional corrections line by line in
/// <c>data.corrections [{ line, amount, exchangeRate?, reason }]</c>, each journalled (old → new, reason), the
/// approved total kept (<c>data.approvedTotalVnd</c>, else the corrected total), and the department's annual budget
/// checked (more than the block threshold refuses the approval, 400 naming the rule).
/// </summary>
public sealed class BudgetCheck(DelegationsDbContext db, WorkflowHost host, BudgetOptions options, TimeProvider clock)
{
    public const string TaskKind = "budget";

    public async Task ApplyAsync(WorkflowTask task, Proposal proposal, string outcome, JsonObject? data, Actor actor, CancellationToken ct)
    {
        if (task.TaskKind != TaskKind || outcome != Outcomes.Approve) return;
        var corrections = Read(data, proposal);
        var lines = proposal.BudgetLines.OrderBy(l => l.Position).ToList();
        foreach (var c in corrections)
        {
            var line = lines[c.Line];
            var before = Describe(line.Amount, line.Currency, line.ExchangeRate);
            line.Amount = c.Amount;
            if (c.ExchangeRate is { } rate && line.Currency != "VND") line.ExchangeRate = rate;
            line.AmountVnd = (long)Math.Round(line.Amount * line.ExchangeRate, MidpointRounding.AwayFromZero);
            host.Journal(proposal, "budget-corrected", actor, comment: c.Reason,
                outcome: $"budget.lines[{c.Line}] {EnumText.ToText(line.Category)}: {before} → {Describe(line.Amount, line.Currency, line.ExchangeRate)}", step: task.StepId);
        }
        if (corrections.Count > 0)
        {
            proposal.TotalVnd = proposal.BudgetLines.Sum(l => l.AmountVnd);
            await BudgetNorms.CheckAsync(db, proposal, options, clock, ct);
        }
        proposal.ApprovedTotalVnd = Number(data?["approvedTotalVnd"]) is { } approved ? (long)approved : proposal.TotalVnd;
        await DepartmentBudgets.EnsureWithinAsync(db, proposal, options, ct);
    }

    private static string Describe(decimal amount, string currency, decimal rate) =>
        currency == "VND"
            ? amount.ToString("#,##0", CultureInfo.InvariantCulture) + " VND"
            : $"{amount.ToString("#,##0.##", CultureInfo.InvariantCulture)} {currency} × {rate.ToString("#,##0.####", CultureInfo.InvariantCulture)}";

    /// <summary>A JSON number, whether it came parsed from a request or built in memory (an int, a long, a decimal).</summary>
    private static decimal? Number(JsonNode? node)
    {
        if (node is not JsonValue v || v.GetValueKind() != JsonValueKind.Number) return null;
        if (v.TryGetValue<decimal>(out var d)) return d;
        if (v.TryGetValue<long>(out var l)) return l;
        if (v.TryGetValue<int>(out var i)) return i;
        if (v.TryGetValue<double>(out var f)) return (decimal)f;
        return null;
    }

    private sealed record Correction(int Line, decimal Amount, decimal? ExchangeRate, string Reason);

    private static List<Correction> Read(JsonObject? data, Proposal proposal)
    {
        var result = new List<Correction>();
        if (data?["corrections"] is not { } node) return result;
        if (node is not JsonArray array) throw AppProblemException.Invalid("data.corrections", "Must be a list of { line, amount, exchangeRate?, reason }.");
        var errors = new FieldErrors();
        var count = proposal.BudgetLines.Count;
        for (var i = 0; i < array.Count; i++)
        {
            var path = $"data.corrections[{i}]";
            if (array[i] is not JsonObject c) { errors.Add(path, "Must be { line, amount, exchangeRate?, reason }."); continue; }
            int? line = Number(c["line"]) is { } li && li == Math.Floor(li) && li is >= int.MinValue and <= int.MaxValue ? (int)li : null;
            if (line is null || line < 0 || line >= count) errors.Add(path + ".line", $"Must be the index of a budget line (0 to {count - 1}).");
            var amount = Number(c["amount"]);
            if (amount is null || amount < 0) errors.Add(path + ".amount", "Required: the corrected amount (0 or more), in the line's currency.");
            decimal? rate = null;
            if (c["exchangeRate"] is { } r)
            {
                rate = Number(r);
                if (rate is null or <= 0) errors.Add(path + ".exchangeRate", "Must be a positive number (VND per unit).");
            }
            var reason = c["reason"] is JsonValue re && re.GetValueKind() == JsonValueKind.String ? re.GetValue<string>().Trim() : "";
            if (reason.Length == 0) errors.Add(path + ".reason", "Say why the line is corrected: it is kept in the journal.");
            else if (reason.Length > 1000) errors.Add(path + ".reason", "At most 1000 characters.");
            if (line is { } ok && result.Any(x => x.Line == ok)) errors.Add(path + ".line", "This line is already corrected above.");
            if (!errors.Any) result.Add(new Correction(line!.Value, amount!.Value, rate, reason));
        }
        errors.ThrowIfAny();
        return result;
    }
}
