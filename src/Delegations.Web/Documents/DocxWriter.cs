using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;

namespace Delegations.Web.Documents;

/// <summary>A document laid out and filled in, ready to be written: an administrative header, blocks, tables and a signature.</summary>
public sealed record RenderedDocument(IReadOnlyList<string> HeaderLeft, IReadOnlyList<string> HeaderRight, IReadOnlyList<RenderedBlock> Blocks);

public abstract record RenderedBlock;
public sealed record TextBlock(string Style, string Text) : RenderedBlock;
public sealed record TableBlock(IReadOnlyList<string> Columns, IReadOnlyList<IReadOnlyList<string>> Rows) : RenderedBlock;
public sealed record SignatureBlock(string Left, string Right) : RenderedBlock;

/// <summary>
/// Writes a <see cref="RenderedDocument"/> as DOCX with the Open XML SDK, in the shape of a Vietnamese administrative
/// document (Decree 30/2020: A4, Times New Roman 13–14, the issuing body and the national motto side by side).
/// In a line, <c>**…**</c> at the start makes it bold and <c>*…*</c> italic.
/// </summary>
public static class DocxWriter
{
    private const string Font = "Times New Roman";

    public static byte[] Write(RenderedDocument document)
    {
        using var stream = new MemoryStream();
        using (var docx = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
        {
            var main = docx.AddMainDocumentPart();
            var styles = main.AddNewPart<StyleDefinitionsPart>();
            styles.Styles = new Styles(new DocDefaults(
                new RunPropertiesDefault(new RunPropertiesBaseStyle(
                    new RunFonts { Ascii = Font, HighAnsi = Font, ComplexScript = Font, EastAsia = Font },
                    new FontSize { Val = "26" }, new Languages { Val = "vi-VN" })),
                new ParagraphPropertiesDefault(new ParagraphPropertiesBaseStyle(new SpacingBetweenLines { After = "80", Line = "288", LineRule = LineSpacingRuleValues.Auto }))));

            var body = new Body();
            body.Append(TwoColumns(document.HeaderLeft.Select(l => Line(l, JustificationValues.Center)),
                document.HeaderRight.Select(l => Line(l, JustificationValues.Center)), 4200));
            foreach (var block in document.Blocks)
            {
                switch (block)
                {
                    case TextBlock t:
                        foreach (var p in Paragraphs(t)) body.Append(p);
                        break;
                    case TableBlock t:
                        body.Append(Grid(t));
                        body.Append(new Paragraph());
                        break;
                    case SignatureBlock s:
                        body.Append(TwoColumns(s.Left.Split('\n').Select(l => Line(l, JustificationValues.Left, size: 22)),
                            s.Right.Split('\n').Select(l => Line(l.Length == 0 ? l : l.StartsWith('*') ? l : "**" + l, JustificationValues.Center)), 4700));
                        break;
                }
            }
            body.Append(new SectionProperties(
                new PageSize { Width = 11906, Height = 16838 },
                new PageMargin { Top = 1134, Bottom = 1134, Left = 1701, Right = 1134, Header = 567, Footer = 567, Gutter = 0 }));
            main.Document = new Document(body);
        }
        return stream.ToArray();
    }

    private static IEnumerable<Paragraph> Paragraphs(TextBlock block)
    {
        var (justification, bold, size, indent) = block.Style switch
        {
            "title" => (JustificationValues.Center, true, 28, false),
            "subtitle" => (JustificationValues.Center, true, 26, false),
            "center" => (JustificationValues.Center, false, 26, false),
            "heading" => (JustificationValues.Center, true, 26, false),
            _ => (JustificationValues.Both, false, 26, true),
        };
        foreach (var line in block.Text.Split('\n'))
        {
            var p = Line(bold && !line.StartsWith('*') && line.Length > 0 ? "**" + line : line, justification, size);
            if (indent) p.ParagraphProperties!.Append(new Indentation { FirstLine = "567" });
            yield return p;
        }
    }

    /// <summary>One line of text: <c>**bold**</c> spans (an opening <c>**</c> alone bolds the rest), or all italic when it starts with one <c>*</c>.</summary>
    private static Paragraph Line(string text, JustificationValues justification, int size = 26)
    {
        var paragraph = new Paragraph(new ParagraphProperties(new Justification { Val = justification }, new SpacingBetweenLines { After = "40" }));
        var italic = text.StartsWith('*') && !text.StartsWith("**", StringComparison.Ordinal);
        var parts = italic ? [text.Trim('*')] : text.Split("**");
        for (var i = 0; i < parts.Length; i++)
        {
            if (parts[i].Length == 0) continue;
            var runProperties = new RunProperties();
            if (i % 2 == 1) runProperties.Append(new Bold());
            if (italic) runProperties.Append(new Italic());
            runProperties.Append(new FontSize { Val = size.ToString(System.Globalization.CultureInfo.InvariantCulture) });
            paragraph.Append(new Run(runProperties, new Text(parts[i]) { Space = SpaceProcessingModeValues.Preserve }));
        }
        return paragraph;
    }

    /// <summary>Two cells side by side with no borders (the header, the signature).</summary>
    private static Table TwoColumns(IEnumerable<Paragraph> left, IEnumerable<Paragraph> right, int leftWidth)
    {
        static TableCell Cell(IEnumerable<Paragraph> paragraphs, int width)
        {
            var cell = new TableCell(new TableCellProperties(new TableCellWidth { Width = width.ToString(System.Globalization.CultureInfo.InvariantCulture), Type = TableWidthUnitValues.Dxa }));
            var any = false;
            foreach (var p in paragraphs) { cell.Append(p); any = true; }
            if (!any) cell.Append(new Paragraph());
            return cell;
        }
        var none = new TableBorders(new TopBorder { Val = BorderValues.None }, new BottomBorder { Val = BorderValues.None }, new LeftBorder { Val = BorderValues.None },
            new RightBorder { Val = BorderValues.None }, new InsideHorizontalBorder { Val = BorderValues.None }, new InsideVerticalBorder { Val = BorderValues.None });
        return new Table(new TableProperties(none, new TableWidth { Width = "9071", Type = TableWidthUnitValues.Dxa }),
            new TableRow(Cell(left, leftWidth), Cell(right, 9071 - leftWidth)));
    }

    private static Table Grid(TableBlock t)
    {
        var border = new TableBorders(new TopBorder { Val = BorderValues.Single, Size = 4 }, new BottomBorder { Val = BorderValues.Single, Size = 4 },
            new LeftBorder { Val = BorderValues.Single, Size = 4 }, new RightBorder { Val = BorderValues.Single, Size = 4 },
            new InsideHorizontalBorder { Val = BorderValues.Single, Size = 4 }, new InsideVerticalBorder { Val = BorderValues.Single, Size = 4 });
        var table = new Table(new TableProperties(border, new TableWidth { Width = "5000", Type = TableWidthUnitValues.Pct }));
        TableRow Row(IEnumerable<string> cells, bool header) => new(cells.Select(c =>
            new TableCell(Line(header ? "**" + c : c, header ? JustificationValues.Center : JustificationValues.Left, 24))));
        table.Append(Row(t.Columns, true));
        foreach (var row in t.Rows) table.Append(Row(row, false));
        return table;
    }
}
