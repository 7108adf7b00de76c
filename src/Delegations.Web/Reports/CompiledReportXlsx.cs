using System.Globalization;
using Delegations.Workflows.Time;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Delegations.Web.Reports;

/// <summary>
/// The compiled report as an Excel workbook, written with the Open XML SDK (ClosedXML 0.95.4, the only one served,
/// wants the 2.x SDK and System.Drawing, which .NET does not support on Linux). Sheets: summary, delegations (with a
/// totals row of SUM formulas), by country, by counterpart, agreements, follow-ups. Dates are date cells, money is
/// numbers in a VND format, counts are numbers; every sheet prints on A4 landscape, one page wide.
/// </summary>
public static class CompiledReportXlsx
{
    public const string ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    // Cell formats, by index in the stylesheet built below.
    internal const uint TextStyle = 0, HeaderStyle = 1, WrapStyle = 2, DateStyle = 3, IntegerStyle = 4, MoneyStyle = 5, TitleStyle = 6, TotalLabelStyle = 7, TotalIntegerStyle = 8, TotalMoneyStyle = 9, DateTimeStyle = 10;
    private const uint DateFormatId = 164, MoneyFormatId = 165, DateTimeFormatId = 166;

    public static byte[] Write(CompiledReport report)
    {
        var t = ReportText.For(report.Language);
        using var stream = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            var workbookPart = document.AddWorkbookPart();
            workbookPart.Workbook = new Workbook();
            workbookPart.AddNewPart<WorkbookStylesPart>().Stylesheet = Styles(t);
            var strings = new SharedStrings();
            var sheets = workbookPart.Workbook.AppendChild(new Sheets());
            var names = new DefinedNames();

            Add(workbookPart, sheets, t.Summary, SummarySheet(report, t, strings), tabSelected: true);
            var delegations = DelegationsSheet(report, t, strings);
            var delegationsId = Add(workbookPart, sheets, t.Delegations, delegations);
            if (delegations.FilterRange is { } range)
                names.Append(new DefinedName($"'{t.Delegations}'!{range}") { Name = "_xlnm._FilterDatabase", LocalSheetId = delegationsId - 1, Hidden = true });
            Add(workbookPart, sheets, t.ByCountry, CountrySheet(report, t, strings));
            Add(workbookPart, sheets, t.ByCounterpart, CounterpartSheet(report, t, strings));
            Add(workbookPart, sheets, t.Agreements, AgreementsSheet(report, t, strings));
            Add(workbookPart, sheets, t.FollowUps, FollowUpsSheet(report, t, strings));
            if (names.HasChildren) workbookPart.Workbook.Append(names);

            workbookPart.AddNewPart<SharedStringTablePart>().SharedStringTable = strings.Table;
            workbookPart.Workbook.Save();
        }
        return stream.ToArray();
    }

    private static uint Add(WorkbookPart workbook, Sheets sheets, string name, SheetWriter sheet, bool tabSelected = false)
    {
        var part = workbook.AddNewPart<WorksheetPart>();
        part.Worksheet = sheet.ToWorksheet(tabSelected);
        var id = (uint)sheets.ChildElements.Count + 1;
        sheets.Append(new Sheet { Id = workbook.GetIdOfPart(part), SheetId = id, Name = name });
        return id;
    }

    private static SheetWriter SummarySheet(CompiledReport r, ReportText t, SharedStrings strings)
    {
        var s = new SheetWriter(strings, [62, 30]);
        s.Row().Text(t.Title, TitleStyle);
        s.Row().Text(t.Period).Text(r.Period.Label);
        s.Row().Text(t.From).Date(r.Period.From);
        s.Row().Text(t.To).Date(r.Period.To);
        s.Row().Text(t.Department).Text(r.Department?.Name ?? t.AllDepartments);
        s.Row().Text(t.KindLabel).Text(r.Kind is { } k ? t.Kinds[k] : t.AllKinds);
        s.Row().Text(t.GeneratedAt).Moment(r.GeneratedAt);
        s.Row().Text(r.Basis, WrapStyle);
        s.Row();
        s.Row().Text(t.Figure, HeaderStyle).Text(t.Value, HeaderStyle);
        s.FreezeBelow = s.RowIndex;
        foreach (var (label, value, money) in t.Figures(r.Totals))
            s.Row().Text(label).Number(value, money ? MoneyStyle : IntegerStyle);
        return s;
    }

    private static SheetWriter DelegationsSheet(CompiledReport r, ReportText t, SharedStrings strings)
    {
        var s = new SheetWriter(strings, [6, 15, 11, 48, 30, 24, 26, 36, 12, 12, 8, 9, 17, 17, 17, 10, 11, 10, 10, 10, 16, 14, 70]);
        var header = s.Row();
        foreach (var h in new[]
                 {
                     t.No, t.Reference, t.Kind, t.DelegationTitle, t.Department, t.Head, t.Places, t.Counterparts, t.Start, t.End, t.Days, t.People,
                     t.PlannedVnd, t.ActualVnd, t.DifferenceVnd, t.Meetings, t.AgreementsShort, t.FollowUpsOpen, t.FollowUpsOverdue, t.FollowUpsDone,
                     t.ReportStatus, t.ReportFiled, t.ReportSummary,
                 })
            header.Text(h, HeaderStyle);
        s.FreezeBelow = s.RowIndex;
        var first = s.RowIndex + 1;
        var no = 0;
        foreach (var d in r.Delegations)
        {
            s.Row().Number(++no, IntegerStyle).Text(d.ReferenceNumber).Text(t.Kinds[d.Kind]).Text(d.Title, WrapStyle).Text(d.Department, WrapStyle)
                .Text(d.Head is null ? null : $"{d.Head}, {d.HeadTitle}", WrapStyle).Text(d.Places, WrapStyle).Text(string.Join("; ", d.Counterparts), WrapStyle)
                .Date(d.StartDate).Date(d.EndDate).Number(d.Days, IntegerStyle).Number(d.People, IntegerStyle)
                .Number(d.PlannedVnd, MoneyStyle).Number(d.ActualVnd, MoneyStyle).Number(d.DifferenceVnd, MoneyStyle)
                .Number(d.Meetings, IntegerStyle).Number(d.Agreements, IntegerStyle).Number(d.FollowUpsOpen, IntegerStyle).Number(d.FollowUpsOverdue, IntegerStyle).Number(d.FollowUpsDone, IntegerStyle)
                .Text(t.States[d.Report]).Moment(d.ReportFiledAt).Text(d.Summary, WrapStyle);
        }
        var last = s.RowIndex;
        if (r.Delegations.Count > 0) s.FilterRange = $"$A${first - 1}:$W${last}";
        var totals = r.Totals;
        var row = s.Row().Blank(TotalLabelStyle).Text(t.Total, TotalLabelStyle);
        for (var i = 0; i < 8; i++) row.Blank(TotalLabelStyle);
        row.Sum(first, last, totals.Days, TotalIntegerStyle).Sum(first, last, totals.People, TotalIntegerStyle)
            .Sum(first, last, totals.PlannedVnd, TotalMoneyStyle).Sum(first, last, totals.ActualVnd ?? 0, TotalMoneyStyle)
            .Sum(first, last, (totals.ActualVnd ?? 0) - totals.PlannedVndOfReportedCosts, TotalMoneyStyle)
            .Sum(first, last, totals.Meetings, TotalIntegerStyle).Sum(first, last, totals.Agreements, TotalIntegerStyle)
            .Sum(first, last, totals.FollowUpsOpen, TotalIntegerStyle).Sum(first, last, totals.FollowUpsOverdue, TotalIntegerStyle).Sum(first, last, totals.FollowUpsDone, TotalIntegerStyle);
        return s;
    }

    private static SheetWriter CountrySheet(CompiledReport r, ReportText t, SharedStrings strings)
    {
        var s = new SheetWriter(strings, [8, 34, 12, 12, 16, 14, 12]);
        s.Row().Text("ISO", HeaderStyle).Text(t.Country, HeaderStyle).Text(t.Outbound, HeaderStyle).Text(t.Inbound, HeaderStyle).Text(t.Conferences, HeaderStyle).Text(t.DelegationsTotal, HeaderStyle).Text(t.People, HeaderStyle);
        s.FreezeBelow = s.RowIndex;
        foreach (var c in r.ByCountry)
            s.Row().Text(c.Country).Text(c.Name).Number(c.Outbound, IntegerStyle).Number(c.Inbound, IntegerStyle).Number(c.Conferences, IntegerStyle).Number(c.Delegations, IntegerStyle).Number(c.People, IntegerStyle);
        return s;
    }

    private static SheetWriter CounterpartSheet(CompiledReport r, ReportText t, SharedStrings strings)
    {
        var s = new SheetWriter(strings, [56, 26, 12, 12, 16, 14]);
        s.Row().Text(t.Organisation, HeaderStyle).Text(t.Country, HeaderStyle).Text(t.Outbound, HeaderStyle).Text(t.Inbound, HeaderStyle).Text(t.Conferences, HeaderStyle).Text(t.DelegationsTotal, HeaderStyle);
        s.FreezeBelow = s.RowIndex;
        foreach (var c in r.ByCounterpart)
            s.Row().Text(c.Organisation, WrapStyle).Text(c.CountryName).Number(c.Outbound, IntegerStyle).Number(c.Inbound, IntegerStyle).Number(c.Conferences, IntegerStyle).Number(c.Delegations, IntegerStyle);
        return s;
    }

    private static SheetWriter AgreementsSheet(CompiledReport r, ReportText t, SharedStrings strings)
    {
        var s = new SheetWriter(strings, [15, 60, 40, 13]);
        s.Row().Text(t.Reference, HeaderStyle).Text(t.AgreementsShort, HeaderStyle).Text(t.Counterparts, HeaderStyle).Text(t.SignedOn, HeaderStyle);
        s.FreezeBelow = s.RowIndex;
        foreach (var a in r.Agreements)
            s.Row().Text(a.ReferenceNumber).Text(a.Title, WrapStyle).Text(a.Counterpart, WrapStyle).Date(a.SignedOn);
        return s;
    }

    private static SheetWriter FollowUpsSheet(CompiledReport r, ReportText t, SharedStrings strings)
    {
        var s = new SheetWriter(strings, [15, 60, 34, 12, 16, 16, 50]);
        s.Row().Text(t.Reference, HeaderStyle).Text(t.Action, HeaderStyle).Text(t.Owner, HeaderStyle).Text(t.Due, HeaderStyle).Text(t.Status, HeaderStyle).Text(t.DoneAt, HeaderStyle).Text(t.Note, HeaderStyle);
        s.FreezeBelow = s.RowIndex;
        foreach (var f in r.FollowUps)
            s.Row().Text(f.ReferenceNumber).Text(f.Action, WrapStyle).Text(f.Owner, WrapStyle).Date(f.Due).Text(t.FollowUpStates[f.Status]).Moment(f.DoneAt).Text(f.DoneNote, WrapStyle);
        return s;
    }

    private static Stylesheet Styles(ReportText t)
    {
        static CellFormat Format(uint numberFormat = 0, uint font = 0, uint fill = 0, uint border = 0, bool wrap = false)
        {
            var f = new CellFormat { NumberFormatId = numberFormat, FontId = font, FillId = fill, BorderId = border, FormatId = 0 };
            if (numberFormat != 0) f.ApplyNumberFormat = true;
            if (font != 0) f.ApplyFont = true;
            if (fill != 0) f.ApplyFill = true;
            if (border != 0) f.ApplyBorder = true;
            f.Append(new Alignment { Vertical = VerticalAlignmentValues.Top, WrapText = wrap ? true : null });
            f.ApplyAlignment = true;
            return f;
        }
        var thin = new Border(
            new LeftBorder { Style = BorderStyleValues.Thin }, new RightBorder { Style = BorderStyleValues.Thin },
            new TopBorder { Style = BorderStyleValues.Thin }, new BottomBorder { Style = BorderStyleValues.Thin }, new DiagonalBorder());
        return new Stylesheet(
            new NumberingFormats(
                new NumberingFormat { NumberFormatId = DateFormatId, FormatCode = t.DateFormat },
                new NumberingFormat { NumberFormatId = MoneyFormatId, FormatCode = t.MoneyFormat },
                new NumberingFormat { NumberFormatId = DateTimeFormatId, FormatCode = t.DateTimeFormat }) { Count = 3 },
            new Fonts(
                new Font(new FontSize { Val = 11 }, new FontName { Val = "Calibri" }),
                new Font(new Bold(), new FontSize { Val = 11 }, new FontName { Val = "Calibri" }),
                new Font(new Bold(), new FontSize { Val = 14 }, new FontName { Val = "Calibri" })) { Count = 3 },
            new Fills(
                new Fill(new PatternFill { PatternType = PatternValues.None }),
                new Fill(new PatternFill { PatternType = PatternValues.Gray125 }),
                new Fill(new PatternFill(new ForegroundColor { Rgb = "FFDDE4EE" }, new BackgroundColor { Indexed = 64 }) { PatternType = PatternValues.Solid })) { Count = 3 },
            new Borders(new Border(new LeftBorder(), new RightBorder(), new TopBorder(), new BottomBorder(), new DiagonalBorder()), thin) { Count = 2 },
            new CellStyleFormats(new CellFormat { NumberFormatId = 0, FontId = 0, FillId = 0, BorderId = 0 }) { Count = 1 },
            new CellFormats(
                Format(),                                           // Text
                Format(font: 1, fill: 2, border: 1, wrap: true),    // Header
                Format(wrap: true),                                 // Wrap
                Format(DateFormatId),                               // DateStyle
                Format(3),                                          // Integer: #,##0
                Format(MoneyFormatId),                              // Money
                Format(font: 2),                                    // TitleStyle
                Format(font: 1, border: 1),                         // TotalLabel
                Format(3, font: 1, border: 1),                      // TotalInteger
                Format(MoneyFormatId, font: 1, border: 1),          // TotalMoney
                Format(DateTimeFormatId)) { Count = 11 },           // DateTimeStyle
            new CellStyles(new CellStyle { Name = "Normal", FormatId = 0, BuiltinId = 0 }) { Count = 1 });
    }

    /// <summary>Shared strings: each distinct text stored once.</summary>
    private sealed class SharedStrings
    {
        private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);
        public SharedStringTable Table { get; } = new();

        public int Of(string text)
        {
            if (_index.TryGetValue(text, out var i)) return i;
            Table.Append(new SharedStringItem(new DocumentFormat.OpenXml.Spreadsheet.Text(text) { Space = SpaceProcessingModeValues.Preserve }));
            return _index[text] = _index.Count;
        }
    }

    /// <summary>Writes rows left to right; cells know their references.</summary>
    private sealed class SheetWriter(SharedStrings strings, double[] widths)
    {
        private readonly SheetData _data = new();
        public uint RowIndex { get; private set; }
        public uint FreezeBelow { get; set; }
        public string? FilterRange { get; set; }

        public RowWriter Row()
        {
            var row = new Row { RowIndex = ++RowIndex };
            _data.Append(row);
            return new RowWriter(row, RowIndex, strings);
        }

        public Worksheet ToWorksheet(bool tabSelected)
        {
            var view = new SheetView { WorkbookViewId = 0, TabSelected = tabSelected ? true : null };
            if (FreezeBelow > 0)
                view.Append(new Pane { VerticalSplit = FreezeBelow, TopLeftCell = $"A{FreezeBelow + 1}", ActivePane = PaneValues.BottomLeft, State = PaneStateValues.Frozen });
            var columns = new Columns(widths.Select((w, i) => new Column { Min = (uint)i + 1, Max = (uint)i + 1, Width = w, CustomWidth = true }));
            var sheet = new Worksheet(
                new SheetProperties(new PageSetupProperties { FitToPage = true }),
                new SheetViews(view),
                new SheetFormatProperties { DefaultRowHeight = 15 },
                columns,
                _data);
            if (FilterRange is { } range) sheet.Append(new AutoFilter { Reference = range.Replace("$", "", StringComparison.Ordinal) });
            sheet.Append(new PageMargins { Left = 0.5, Right = 0.5, Top = 0.6, Bottom = 0.6, Header = 0.3, Footer = 0.3 });
            sheet.Append(new PageSetup { PaperSize = 9, Orientation = OrientationValues.Landscape, FitToWidth = 1, FitToHeight = 0 }); // 9 = A4
            return sheet;
        }
    }

    private sealed class RowWriter(Row row, uint rowIndex, SharedStrings strings)
    {
        private int _column;

        private Cell Next(uint style)
        {
            var cell = new Cell { CellReference = ColumnName(_column++) + rowIndex.ToString(CultureInfo.InvariantCulture) };
            if (style != 0) cell.StyleIndex = style;
            row.Append(cell);
            return cell;
        }

        public RowWriter Blank(uint style = 0)
        {
            Next(style);
            return this;
        }

        public RowWriter Text(string? value, uint style = TextStyle)
        {
            var cell = Next(style);
            if (!string.IsNullOrEmpty(value))
            {
                cell.DataType = CellValues.SharedString;
                cell.CellValue = new CellValue(strings.Of(value));
            }
            return this;
        }

        public RowWriter Number(long? value, uint style)
        {
            var cell = Next(style);
            if (value is { } v) cell.CellValue = new CellValue((decimal)v);
            return this;
        }

        public RowWriter Date(DateOnly? value)
        {
            var cell = Next(DateStyle);
            if (value is { } d) cell.CellValue = new CellValue(d.ToDateTime(TimeOnly.MinValue).ToOADate());
            return this;
        }

        /// <summary>A moment as a date-time cell in Hà Nội time.</summary>
        public RowWriter Moment(DateTimeOffset? value)
        {
            var cell = Next(DateTimeStyle);
            if (value is { } m) cell.CellValue = new CellValue(TimeZoneInfo.ConvertTime(m, WorkingDayCalendar.VietnamTime).DateTime.ToOADate());
            return this;
        }

        /// <summary>A SUM over this column's rows <paramref name="first"/>..<paramref name="last"/>, with its value cached for readers that do not calculate.</summary>
        public RowWriter Sum(uint first, uint last, long cached, uint style)
        {
            var column = ColumnName(_column);
            var cell = Next(style);
            if (last >= first) cell.CellFormula = new CellFormula($"SUM({column}{first}:{column}{last})");
            cell.CellValue = new CellValue((decimal)cached);
            return this;
        }
    }

    internal static string ColumnName(int index)
    {
        var name = "";
        for (var i = index + 1; i > 0; i = (i - 1) / 26)
            name = (char)('A' + (i - 1) % 26) + name;
        return name;
    }
}
