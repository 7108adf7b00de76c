using System.Text.Json.Nodes;
using Delegations.Workflows.Expressions;
using static Delegations.Workflows.Tests.Fixtures;

namespace Delegations.Workflows.Tests;

public sealed class ExpressionSandboxTests
{
    private static readonly ExpressionEvaluator Js = new(new ExpressionLimits { Timeout = TimeSpan.FromSeconds(2) });
    private static readonly JsonObject Scope = new() { ["proposal"] = MinisterBeijingShanghai2024() };

    [Fact]
    public void Conditions_read_the_proposal_passed_in_as_json()
    {
        Assert.True(Js.EvaluateCondition("proposal.budget.totalVnd > 200000000", Scope));
        Assert.True(Js.EvaluateCondition("proposal.members.length === 5 && proposal.members[0].fullName === 'Huỳnh Thành Đạt'", Scope));
        Assert.False(Js.EvaluateCondition("proposal.destinations.some(d => d.country === 'FR')", Scope));
        Assert.Equal("Thị thực: Huỳnh Thành Đạt", Js.Render("Thị thực: {{ item.fullName }}", new JsonObject { ["item"] = Scope["proposal"]!["members"]![0]!.DeepClone() }));
    }

    [Theory]
    [InlineData("System.IO.File.ReadAllText('/etc/passwd')")]
    [InlineData("importNamespace('System.IO')")]
    [InlineData("clrHelper.getType('System.Environment')")]
    [InlineData("require('fs')")]
    [InlineData("process.exit(1)")]
    [InlineData("eval('1+1')")]
    [InlineData("new Function('return this')()")]
    [InlineData("Function('return 1')()")]
    public void There_is_no_way_out_to_the_CLR_or_dynamic_code(string expression)
    {
        var ex = Assert.Throws<ExpressionException>(() => Js.Evaluate(expression, Scope));
        Assert.Equal(expression, ex.Expression);
    }

    [Fact]
    public void The_scope_is_plain_data_without_hidden_host_objects()
    {
        Assert.Equal("object", Js.Evaluate("typeof proposal", Scope)!.GetValue<string>());
        Assert.Equal("undefined", Js.Evaluate("typeof proposal.GetType", Scope)!.GetValue<string>());
        Assert.Equal("undefined", Js.Evaluate("typeof host", Scope)!.GetValue<string>());
    }

    [Fact]
    public void An_endless_loop_stops_at_the_statement_limit()
    {
        var ex = Assert.Throws<ExpressionException>(() => Js.Evaluate("(() => { for (;;) {} })()", Scope));
        Assert.Contains("statements", ex.Reason);
    }

    [Fact]
    public void A_long_computation_stops_at_the_time_limit()
    {
        var slow = new ExpressionEvaluator(new ExpressionLimits { MaxStatements = int.MaxValue, Timeout = TimeSpan.FromMilliseconds(100) });
        var started = DateTime.UtcNow;
        var ex = Assert.Throws<ExpressionException>(() => slow.Evaluate("(() => { let x = 0; while (true) { x++; } })()", Scope));
        Assert.Contains("longer than", ex.Reason);
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(10));
    }

    [Fact]
    public void Deep_recursion_stops_at_the_recursion_limit()
    {
        var ex = Assert.Throws<ExpressionException>(() => Js.Evaluate("(function f(n) { return f(n + 1); })(0)", Scope));
        Assert.Contains("recursed", ex.Reason);
    }

    [Fact]
    public void Runaway_memory_stops_at_the_memory_limit()
    {
        var hungry = new ExpressionEvaluator(new ExpressionLimits { MaxStatements = int.MaxValue, MaxMemoryBytes = 4 * 1024 * 1024, Timeout = TimeSpan.FromSeconds(10) });
        var ex = Assert.Throws<ExpressionException>(() => hungry.Evaluate("(() => { const a = []; while (true) { a.push('x'.repeat(1000)); } })()", Scope));
        Assert.Contains("MB", ex.Reason);
    }

    [Fact]
    public void Only_expressions_are_accepted_not_statements()
    {
        Assert.False(ExpressionEvaluator.TryCompile("var x = 1; x", out _));
        Assert.False(ExpressionEvaluator.TryCompile("", out _));
        Assert.True(ExpressionEvaluator.TryCompile("proposal.members.filter(m => m.role === 'head').length === 1", out _));
    }

    [Fact]
    public void The_input_cannot_be_changed_by_an_expression()
    {
        Js.Evaluate("(() => { proposal.title = 'hacked'; return 1; })()", Scope);
        Assert.Equal("Đoàn công tác của Bộ KH&CN thăm và làm việc tại Trung Quốc", Scope["proposal"]!["title"]!.GetValue<string>());
    }

    [Fact]
    public void Dates_are_read_in_Vietnam_time()
    {
        var at = Js.EvaluateMoment("proposal.startDate", Scope, Calendar);
        Assert.Equal(VietnamTime(2024, 4, 22, 0), at);
        Assert.Equal(VietnamTime(2024, 4, 22, 0), Js.EvaluateMoment("new Date(Date.UTC(2024, 3, 21, 17))", Scope, Calendar));
        Assert.Throws<ExpressionException>(() => Js.EvaluateMoment("proposal.title", Scope, Calendar));
        Assert.Throws<ExpressionException>(() => Js.EvaluateMoment("proposal.returnDate", Scope, Calendar));
    }
}
