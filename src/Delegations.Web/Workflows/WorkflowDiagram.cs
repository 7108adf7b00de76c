using System.Globalization;
using System.Text;
using Delegations.Workflows.Definitions;

namespace Delegations.Web.Workflows;

/// <summary>
/// Draws a workflow definition as SVG, on the server: steps in layers from the start down (longest path), the
/// steps already passed, the current ones and the rest told apart, approvals' reject and changes paths and
/// decisions' yes/no paths labelled. Edges that skip layers run in a lane on the right, edges that go back in one
/// on the left, so no line crosses a step. Self-contained (presentation attributes, no style element or
/// script), so it passes a strict CSP and can be saved as a file. Used by the proposal page and the workflow editor.
/// </summary>
public static class WorkflowDiagram
{
    private const int NodeWidth = 208;
    private const int NodeHeight = 54;
    private const int EndWidth = 150;
    private const int EndHeight = 38;
    private const int GapX = 28;
    private const int GapY = 46;
    private const int Margin = 20;
    private const int LaneStep = 14;
    private const int MaxLineChars = 26;

    /// <summary>Which steps to mark: <see cref="Passed"/> (visited, no longer active) and <see cref="Current"/> (holding a token).</summary>
    public sealed record Marks(IReadOnlySet<string> Passed, IReadOnlySet<string> Current)
    {
        public static readonly Marks None = new(new HashSet<string>(), new HashSet<string>());

        /// <summary>Approvers added by "approve and forward", by step: drawn under the step they were added to.</summary>
        public IReadOnlyDictionary<string, IReadOnlyList<string>>? AdHoc { get; init; }

        /// <summary>From an instance's visited steps and the steps its tokens wait in.</summary>
        public static Marks From(IEnumerable<string> visited, IEnumerable<string> current)
        {
            var now = current.ToHashSet(StringComparer.Ordinal);
            return new Marks(visited.Where(v => !now.Contains(v)).ToHashSet(StringComparer.Ordinal), now);
        }
    }

    private enum State { Rest, Passed, Current }

    private sealed class Node(StepDefinition step, int index)
    {
        public StepDefinition Step { get; } = step;
        public int Index { get; } = index;
        public int Layer { get; set; } = -1;
        /// <summary>The ad-hoc approvers added to this step ("+ Lãnh đạo Bộ"), or null.</summary>
        public string? AdHoc { get; set; }
        public int Order { get; set; }
        public double X { get; set; }
        public double Y { get; set; }
        public State State { get; set; }
        public bool IsEnd => Step is EndStep;
        public double Width => IsEnd ? EndWidth : NodeWidth;
        public double Height => IsEnd ? EndHeight : NodeHeight;
        public double Cx => X + Width / 2;
        public double Bottom => Y + Height;
    }

    private sealed record Edge(Node From, Node To, string Kind, string? Label, string? Tooltip);

    /// <param name="definition">The version to draw.</param>
    /// <param name="marks">Passed and current steps (use <see cref="Marks.None"/> for a plain drawing).</param>
    /// <param name="language">"vi" or "en": step titles and labels.</param>
    /// <param name="idPrefix">Prefix for element ids, unique per page when several diagrams are shown.</param>
    public static string Render(WorkflowDefinition definition, Marks marks, string language, string idPrefix = "wf")
    {
        var en = language.StartsWith("en", StringComparison.OrdinalIgnoreCase);
        var nodes = definition.Steps.Select((s, i) => new Node(s, i)).GroupBy(n => n.Step.Id).Select(g => g.First()).ToDictionary(n => n.Step.Id, StringComparer.Ordinal);
        foreach (var n in nodes.Values)
            n.State = marks.Current.Contains(n.Step.Id) ? State.Current : marks.Passed.Contains(n.Step.Id) ? State.Passed : State.Rest;
        foreach (var (stepId, approvers) in marks.AdHoc ?? new Dictionary<string, IReadOnlyList<string>>())
            if (nodes.TryGetValue(stepId, out var node) && approvers.Count > 0) node.AdHoc = "+ " + string.Join(", ", approvers);

        var edges = EdgesOf(definition, nodes, en);
        var back = BackEdges(definition, nodes, edges);
        AssignLayers(nodes, edges, back);
        var layers = OrderLayers(nodes, edges, back);
        Place(layers);

        var width = layers.Max(l => l.Sum(n => n.Width) + GapX * (l.Count - 1)) + 2 * Margin;
        var forward = edges.Where(e => !back.Contains(e)).ToList();
        var longEdges = forward.Where(e => e.To.Layer - e.From.Layer > 1).ToList();
        var backEdges = edges.Where(back.Contains).ToList();
        var rightLanes = longEdges.Select(e => e.To.Step.Id).Distinct().ToList();
        var leftLanes = backEdges.Select(e => e.To.Step.Id).Distinct().ToList();
        var shift = leftLanes.Count == 0 ? 0 : leftLanes.Count * LaneStep + 12;
        foreach (var n in nodes.Values) n.X += shift;
        var contentWidth = width + shift;
        var totalWidth = contentWidth + (rightLanes.Count == 0 ? 0 : rightLanes.Count * LaneStep + 12);
        var diagramHeight = layers.Count * (NodeHeight + GapY) - GapY + 2 * Margin;
        var height = diagramHeight + 34;

        var passedNames = nodes.Values.Where(n => n.State == State.Passed).OrderBy(n => n.Index).Select(n => n.Step.DisplayTitle.For(language));
        var currentNames = nodes.Values.Where(n => n.State == State.Current).OrderBy(n => n.Index).Select(n => n.Step.DisplayTitle.For(language));
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture,
            $"<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"workflow-diagram\" viewBox=\"0 0 {N(totalWidth)} {N(height)}\" width=\"{N(totalWidth)}\" height=\"{N(height)}\" role=\"img\" aria-labelledby=\"{idPrefix}-title {idPrefix}-desc\" font-family=\"system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', 'DejaVu Sans', sans-serif\">");
        svg.Append(CultureInfo.InvariantCulture, $"<title id=\"{idPrefix}-title\">{E(definition.Name.For(language))} · v{definition.Version}</title>");
        svg.Append(CultureInfo.InvariantCulture, $"<desc id=\"{idPrefix}-desc\">{E(en ? "Passed" : "Đã qua")}: {E(Join(passedNames, en))}. {E(en ? "Current" : "Đang xử lý")}: {E(Join(currentNames, en))}.</desc>");
        svg.Append("<defs>");
        foreach (var (name, color) in new[] { ("rest", Palette.EdgeRest), ("passed", Palette.EdgePassed), ("reject", Palette.EdgeReject), ("changes", Palette.EdgeChanges) })
            svg.Append(CultureInfo.InvariantCulture,
                $"<marker id=\"{idPrefix}-arrow-{name}\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto-start-reverse\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"{color}\"/></marker>");
        svg.Append("</defs>");

        svg.Append("<g class=\"wf-edges\" fill=\"none\">");
        foreach (var e in forward.Where(e => e.To.Layer - e.From.Layer <= 1))
        {
            var (sx, sy, tx, ty) = (e.From.Cx, e.From.Bottom, e.To.Cx, e.To.Y);
            var mid = (sy + ty) / 2;
            DrawEdge(svg, e, $"M{N(sx)},{N(sy)} C{N(sx)},{N(mid)} {N(tx)},{N(mid)} {N(tx)},{N(ty - 1)}", (sx + tx) / 2, mid, idPrefix);
        }
        foreach (var e in longEdges)
        {
            var lane = contentWidth - Margin + 12 + rightLanes.IndexOf(e.To.Step.Id) * LaneStep;
            var sx = e.From.Cx + e.From.Width / 4;
            var tx = e.To.Cx + e.To.Width / 4;
            var y1 = e.From.Bottom + GapY / 2.0 - 6;
            var y2 = e.To.Y - GapY / 2.0 + 6;
            DrawEdge(svg, e, $"M{N(sx)},{N(e.From.Bottom)} V{N(y1)} H{N(lane)} V{N(y2)} H{N(tx)} V{N(e.To.Y - 1)}", (sx + lane) / 2, y1 - 4, idPrefix);
        }
        foreach (var e in backEdges)
        {
            var lane = Margin + leftLanes.IndexOf(e.To.Step.Id) * LaneStep;
            var sx = e.From.Cx - e.From.Width / 4;
            var tx = e.To.Cx - e.To.Width / 4;
            var y1 = e.From.Y - GapY / 2.0 + 6;
            var y2 = e.To.Bottom + GapY / 2.0 - 6;
            DrawEdge(svg, e, $"M{N(sx)},{N(e.From.Y)} V{N(y1)} H{N(lane)} V{N(y2)} H{N(tx)} V{N(e.To.Bottom + 1)}", (sx + lane) / 2, y1 - 4, idPrefix);
        }
        svg.Append("</g>");

        svg.Append("<g class=\"wf-steps\">");
        foreach (var n in nodes.Values.OrderBy(n => n.Layer).ThenBy(n => n.Order)) DrawNode(svg, n, language, en);
        svg.Append("</g>");

        // Legend
        var ly = diagramHeight + 8;
        var lx = (double)Margin;
        svg.Append(CultureInfo.InvariantCulture, $"<g class=\"wf-legend\" font-size=\"12\" fill=\"{Palette.Text}\">");
        foreach (var (state, label) in new[] { (State.Passed, en ? "Passed" : "Đã qua"), (State.Current, en ? "Current" : "Đang xử lý"), (State.Rest, en ? "Not reached yet" : "Chưa đến") })
        {
            var (fill, stroke, _) = Palette.Of(state);
            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{N(lx)}\" y=\"{N(ly)}\" width=\"18\" height=\"14\" rx=\"3\" fill=\"{fill}\" stroke=\"{stroke}\" stroke-width=\"{(state == State.Current ? 2.5 : 1.5).ToString(CultureInfo.InvariantCulture)}\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{N(lx + 24)}\" y=\"{N(ly + 11)}\">{E(label)}</text>");
            lx += 40 + label.Length * 7;
        }
        svg.Append("</g></svg>");
        return svg.ToString();
    }

    private static List<Edge> EdgesOf(WorkflowDefinition definition, Dictionary<string, Node> nodes, bool en)
    {
        var list = new List<Edge>();
        void Add(StepDefinition from, string to, string kind, string? label, string? tooltip)
        {
            if (from.Id == to || !nodes.TryGetValue(to, out var target)) return; // self-loops (resume at the same approval) are not drawn
            var existing = list.FindIndex(e => e.From.Step.Id == from.Id && e.To.Step.Id == to);
            if (existing >= 0)
            {
                var e = list[existing];
                list[existing] = e with { Tooltip = string.Join(" || ", new[] { e.Tooltip, tooltip }.Where(t => t is not null)) };
                return;
            }
            list.Add(new Edge(nodes[from.Id], target, kind, label, tooltip));
        }
        foreach (var step in definition.Steps)
        {
            switch (step)
            {
                case ApprovalStep a:
                    Add(a, a.OnApprove, "approve", null, null);
                    if (a.OnChanges is { } c) Add(a, c, "changes", en ? "changes" : "yêu cầu sửa", null);
                    if (a.OnReject is { } r) Add(a, r, "reject", en ? "reject" : "từ chối", null);
                    break;
                case DecisionStep d:
                    foreach (var when in d.Cases) Add(d, when.Next, "yes", en ? "yes" : "có", when.When);
                    Add(d, d.Otherwise, "no", en ? "no" : "không", null);
                    break;
                case EachStep e:
                    Add(e, e.Next, "next", null, null);
                    if (e.OnReject is { } er) Add(e, er, "reject", en ? "reject" : "từ chối", null);
                    break;
                default:
                    foreach (var next in step.Successors) Add(step, next, "next", null, null);
                    break;
            }
        }
        return list;
    }

    /// <summary>Edges that go back to a step still on the depth-first path from the start (loops).</summary>
    private static HashSet<Edge> BackEdges(WorkflowDefinition definition, Dictionary<string, Node> nodes, List<Edge> edges)
    {
        var back = new HashSet<Edge>();
        var outgoing = edges.ToLookup(e => e.From.Step.Id);
        var onPath = new HashSet<string>(StringComparer.Ordinal);
        var done = new HashSet<string>(StringComparer.Ordinal);
        void Visit(string id)
        {
            onPath.Add(id);
            foreach (var e in outgoing[id])
            {
                if (onPath.Contains(e.To.Step.Id)) back.Add(e);
                else if (!done.Contains(e.To.Step.Id)) Visit(e.To.Step.Id);
            }
            onPath.Remove(id);
            done.Add(id);
        }
        if (nodes.ContainsKey(definition.Start)) Visit(definition.Start);
        foreach (var id in nodes.Keys.Where(id => !done.Contains(id)).ToList()) Visit(id); // steps the start cannot reach (a draft being edited)
        return back;
    }

    /// <summary>Longest path from the start over forward edges; end steps all on the last layer.</summary>
    private static void AssignLayers(Dictionary<string, Node> nodes, List<Edge> edges, HashSet<Edge> back)
    {
        var forward = edges.Where(e => !back.Contains(e)).ToList();
        var incoming = forward.ToLookup(e => e.To.Step.Id);
        var memo = new Dictionary<string, int>(StringComparer.Ordinal);
        int LayerOf(Node n)
        {
            if (memo.TryGetValue(n.Step.Id, out var l)) return l;
            memo[n.Step.Id] = 0; // guards against cycles the back-edge pass missed
            var preds = incoming[n.Step.Id].Select(e => e.From).Where(p => !p.IsEnd).ToList();
            var layer = preds.Count == 0 ? 0 : preds.Max(LayerOf) + 1;
            return memo[n.Step.Id] = layer;
        }
        foreach (var n in nodes.Values) n.Layer = LayerOf(n);
        var last = nodes.Values.Where(n => !n.IsEnd).Select(n => n.Layer).DefaultIfEmpty(-1).Max() + 1;
        foreach (var n in nodes.Values.Where(n => n.IsEnd)) n.Layer = last;
        // Compact: no empty layers.
        var used = nodes.Values.Select(n => n.Layer).Distinct().Order().ToList();
        foreach (var n in nodes.Values) n.Layer = used.IndexOf(n.Layer);
    }

    /// <summary>Orders each layer by the mean position of its predecessors (fewer crossings); steps reached by skipping edges go right.</summary>
    private static List<List<Node>> OrderLayers(Dictionary<string, Node> nodes, List<Edge> edges, HashSet<Edge> back)
    {
        var layers = nodes.Values.GroupBy(n => n.Layer).OrderBy(g => g.Key).Select(g => g.OrderBy(n => n.Index).ToList()).ToList();
        var incoming = edges.Where(e => !back.Contains(e)).ToLookup(e => e.To.Step.Id);
        for (var i = 0; i < layers.Count; i++)
        {
            var layer = layers[i];
            for (var j = 0; j < layer.Count; j++) layer[j].Order = j;
            if (i == 0) continue;
            double Center(Node n)
            {
                var preds = incoming[n.Step.Id].Where(e => e.To.Layer - e.From.Layer == 1).Select(e => e.From).ToList();
                if (preds.Count == 0) return double.MaxValue; // only long edges come in: keep right, next to the lane
                return preds.Average(p => p.Order - (layers[p.Layer].Count - 1) / 2.0);
            }
            var sorted = layer.Select(n => (Node: n, Key: Center(n))).OrderBy(x => x.Key).ThenBy(x => x.Node.Index).Select(x => x.Node).ToList();
            layers[i] = sorted;
            for (var j = 0; j < sorted.Count; j++) sorted[j].Order = j;
        }
        return layers;
    }

    private static void Place(List<List<Node>> layers)
    {
        var width = layers.Max(l => l.Sum(n => n.Width) + GapX * (l.Count - 1));
        for (var i = 0; i < layers.Count; i++)
        {
            var layer = layers[i];
            var rowWidth = layer.Sum(n => n.Width) + GapX * (layer.Count - 1);
            var x = Margin + (width - rowWidth) / 2;
            foreach (var n in layer)
            {
                n.X = x;
                n.Y = Margin + i * (NodeHeight + GapY) + (NodeHeight - n.Height) / 2;
                x += n.Width + GapX;
            }
        }
    }

    private static void DrawEdge(StringBuilder svg, Edge e, string path, double labelX, double labelY, string idPrefix)
    {
        var passed = e.From.State == State.Passed && e.To.State != State.Rest;
        var (color, marker, dash) = e.Kind switch
        {
            _ when passed => (Palette.EdgePassed, "passed", null),
            "reject" => (Palette.EdgeReject, "reject", "6 4"),
            "changes" => (Palette.EdgeChanges, "changes", "2 4"),
            _ => (Palette.EdgeRest, "rest", null),
        };
        svg.Append(CultureInfo.InvariantCulture, $"<path class=\"wf-edge wf-edge-{e.Kind}{(passed ? " wf-edge-passed" : "")}\" d=\"{path}\" stroke=\"{color}\" stroke-width=\"{(passed ? "2.2" : "1.5")}\"{(dash is null ? "" : $" stroke-dasharray=\"{dash}\"")} marker-end=\"url(#{idPrefix}-arrow-{marker})\">");
        if (e.Tooltip is not null) svg.Append(CultureInfo.InvariantCulture, $"<title>{E(e.Tooltip)}</title>");
        svg.Append("</path>");
        if (e.Label is not null)
        {
            var w = e.Label.Length * 6.4 + 10;
            svg.Append(CultureInfo.InvariantCulture,
                $"<g class=\"wf-edge-label\"><rect x=\"{N(labelX - w / 2)}\" y=\"{N(labelY - 9)}\" width=\"{N(w)}\" height=\"15\" rx=\"7\" fill=\"#ffffff\" stroke=\"{color}\" stroke-width=\"0.8\"/>" +
                $"<text x=\"{N(labelX)}\" y=\"{N(labelY + 2)}\" font-size=\"10.5\" text-anchor=\"middle\" fill=\"{color}\">{E(e.Label)}</text></g>");
        }
    }

    private static void DrawNode(StringBuilder svg, Node n, string language, bool en)
    {
        var (fill, stroke, text) = Palette.Of(n.State);
        var strokeWidth = n.State == State.Current ? "3" : "1.5";
        var title = n.Step.DisplayTitle.For(language);
        var stateText = n.State switch { State.Passed => en ? "passed" : "đã qua", State.Current => en ? "current" : "đang xử lý", _ => en ? "not reached yet" : "chưa đến" };
        svg.Append(CultureInfo.InvariantCulture,
            $"<g class=\"wf-step wf-{n.Step.Type} wf-state-{stateText.Replace(' ', '-')}\" data-step=\"{E(n.Step.Id)}\" data-state=\"{(n.State switch { State.Passed => "passed", State.Current => "current", _ => "rest" })}\">");
        svg.Append(CultureInfo.InvariantCulture, $"<title>{E(title)} ({E(TypeName(n.Step.Type, en))}, {E(stateText)}) — {E(n.Step.Id)}{(n.AdHoc is null ? "" : " " + E(n.AdHoc))}</title>");
        var (x, y, w, h) = (n.X, n.Y, n.Width, n.Height);
        if (n.AdHoc is not null)
            svg.Append(CultureInfo.InvariantCulture,
                $"<text class=\"wf-adhoc\" x=\"{N(x + w / 2)}\" y=\"{N(y + h + 13)}\" font-size=\"10.5\" text-anchor=\"middle\" fill=\"#7a4f00\">{E(n.AdHoc.Length > 48 ? n.AdHoc[..47] + "…" : n.AdHoc)}</text>");
        var sw = $"stroke=\"{stroke}\" stroke-width=\"{strokeWidth}\"";
        switch (n.Step)
        {
            case EndStep end:
                var (endFill, endStroke, endText) = n.State == State.Rest
                    ? (fill, stroke, text)
                    : end.Outcome == EndStep.Completed ? ("#1f7a3d", "#1f7a3d", "#ffffff") : end.Outcome == EndStep.Rejected ? ("#b42318", "#b42318", "#ffffff") : ("#5b6472", "#5b6472", "#ffffff");
                svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{N(x)}\" y=\"{N(y)}\" width=\"{N(w)}\" height=\"{N(h)}\" rx=\"{N(h / 2)}\" fill=\"{endFill}\" stroke=\"{endStroke}\" stroke-width=\"{strokeWidth}\"/>");
                text = endText;
                break;
            case DecisionStep:
                var inset = 16;
                svg.Append(CultureInfo.InvariantCulture,
                    $"<path d=\"M{N(x + inset)},{N(y)} H{N(x + w - inset)} L{N(x + w)},{N(y + h / 2)} L{N(x + w - inset)},{N(y + h)} H{N(x + inset)} L{N(x)},{N(y + h / 2)} Z\" fill=\"{fill}\" {sw}/>");
                break;
            case ParallelStep:
                svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{N(x)}\" y=\"{N(y)}\" width=\"{N(w)}\" height=\"{N(h)}\" rx=\"3\" fill=\"{fill}\" {sw}/>");
                svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{N(x)}\" y=\"{N(y)}\" width=\"{N(w)}\" height=\"5\" fill=\"{stroke}\"/><rect x=\"{N(x)}\" y=\"{N(y + h - 5)}\" width=\"{N(w)}\" height=\"5\" fill=\"{stroke}\"/>");
                break;
            case EachStep:
                svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{N(x + 6)}\" y=\"{N(y - 6)}\" width=\"{N(w)}\" height=\"{N(h)}\" rx=\"8\" fill=\"{fill}\" {sw} opacity=\"0.7\"/>");
                svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{N(x)}\" y=\"{N(y)}\" width=\"{N(w)}\" height=\"{N(h)}\" rx=\"8\" fill=\"{fill}\" {sw}/>");
                break;
            case WaitStep:
                svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{N(x)}\" y=\"{N(y)}\" width=\"{N(w)}\" height=\"{N(h)}\" rx=\"8\" fill=\"{fill}\" {sw} stroke-dasharray=\"5 3\"/>");
                break;
            default:
                svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{N(x)}\" y=\"{N(y)}\" width=\"{N(w)}\" height=\"{N(h)}\" rx=\"8\" fill=\"{fill}\" {sw}/>");
                break;
        }
        if (!n.IsEnd)
        {
            // The step's kind, small, above its title.
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{N(x + w / 2)}\" y=\"{N(y + 15)}\" font-size=\"9.5\" text-anchor=\"middle\" fill=\"{text}\" opacity=\"0.75\" letter-spacing=\"0.4\">{E(TypeName(n.Step.Type, en).ToUpper(en ? CultureInfo.InvariantCulture : CultureInfo.GetCultureInfo("vi-VN")))}</text>");
        }
        var lines = Wrap(title, n.IsEnd ? 20 : MaxLineChars);
        var firstY = n.IsEnd ? y + h / 2 + 4.5 : lines.Count == 1 ? y + 36 : y + 30;
        for (var i = 0; i < lines.Count; i++)
            svg.Append(CultureInfo.InvariantCulture,
                $"<text x=\"{N(x + w / 2)}\" y=\"{N(firstY + i * 14)}\" font-size=\"12.5\" text-anchor=\"middle\" fill=\"{text}\" font-weight=\"{(n.State == State.Current || n.IsEnd ? "600" : "500")}\">{E(lines[i])}</text>");
        if (n.State != State.Rest && !n.IsEnd)
        {
            var cx = x + w - 2;
            var cy = y + 2;
            svg.Append(CultureInfo.InvariantCulture, $"<circle cx=\"{N(cx)}\" cy=\"{N(cy)}\" r=\"9\" fill=\"{stroke}\" stroke=\"#ffffff\" stroke-width=\"2\"/>");
            svg.Append(n.State == State.Passed
                ? $"<path d=\"M{N(cx - 4)},{N(cy)} l3,3 l5,-6\" fill=\"none\" stroke=\"#ffffff\" stroke-width=\"2\" stroke-linecap=\"round\" stroke-linejoin=\"round\"/>"
                : $"<circle cx=\"{N(cx)}\" cy=\"{N(cy)}\" r=\"3.2\" fill=\"#ffffff\"/>");
        }
        svg.Append("</g>");
    }

    private static string TypeName(string type, bool en) => type switch
    {
        StepTypes.Approval => en ? "approval" : "phê duyệt",
        StepTypes.Task => en ? "task" : "công việc",
        StepTypes.Decision => en ? "decision" : "rẽ nhánh",
        StepTypes.Parallel => en ? "in parallel" : "song song",
        StepTypes.Each => en ? "for each" : "từng mục",
        StepTypes.Wait => en ? "wait" : "chờ",
        StepTypes.Notify => en ? "notice" : "thông báo",
        StepTypes.End => en ? "end" : "kết thúc",
        _ => type,
    };

    private static List<string> Wrap(string text, int max)
    {
        var lines = new List<string>();
        var line = new StringBuilder();
        foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.Length > 0 && line.Length + 1 + word.Length > max)
            {
                lines.Add(line.ToString());
                line.Clear();
            }
            if (line.Length > 0) line.Append(' ');
            line.Append(word);
        }
        if (line.Length > 0) lines.Add(line.ToString());
        if (lines.Count > 2)
        {
            var second = string.Join(' ', lines.Skip(1));
            lines = [lines[0], second.Length > max ? second[..(max - 1)].TrimEnd() + "…" : second];
        }
        return lines.Select(l => l.Length > max + 4 ? l[..(max + 3)] + "…" : l).ToList();
    }

    private static string Join(IEnumerable<string> names, bool en)
    {
        var list = names.ToList();
        return list.Count == 0 ? (en ? "none" : "không có") : string.Join(", ", list);
    }

    // XML escaping of the markup characters only: Vietnamese letters stay as they are.
    private static string E(string text) => System.Security.SecurityElement.Escape(text);

    private static string N(double value) => Math.Round(value, 1).ToString(CultureInfo.InvariantCulture);

    private static class Palette
    {
        public const string Text = "#334155";
        public const string EdgeRest = "#94a3b8";
        public const string EdgePassed = "#1f7a3d";
        public const string EdgeReject = "#c2410c";
        public const string EdgeChanges = "#a16207";

        public static (string Fill, string Stroke, string Text) Of(State state) => state switch
        {
            State.Passed => ("#e7f5ec", "#1f7a3d", "#14532d"),
            State.Current => ("#fff3d6", "#d97706", "#7c2d12"),
            _ => ("#ffffff", "#a8b3c4", "#334155"),
        };
    }
}
