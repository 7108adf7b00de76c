using System.Globalization;
using Delegations.Web.Infrastructure;
using Delegations.Web.Proposals;

namespace Delegations.Web.Pages.Proposals;

/// <summary>
/// The proposal form as posted. Its inputs are named by the API's JSON paths (<c>members[2].fullName</c>,
/// <c>budget.lines[0].amount</c>), so a field error from <see cref="ProposalInputMapper.Validate"/> lands next to
/// its input with no mapping table. Everything is text, parsed here with the invariant culture: a Vietnamese
/// page must not read "25.300" as 25.3.
/// </summary>
public sealed class ProposalForm
{
    public string? Kind { get; set; } = "outbound";
    public string? Title { get; set; }
    public string? Purpose { get; set; }
    public string? StartDate { get; set; }
    public string? EndDate { get; set; }
    public List<DestinationRow> Destinations { get; set; } = [];
    public VenueRow Venue { get; set; } = new();
    public List<CounterpartRow> Counterparts { get; set; } = [];
    public List<MemberRow> Members { get; set; } = [];
    public List<AgendaRow> Agenda { get; set; } = [];
    public BudgetRow Budget { get; set; } = new();
    public InvitationRow Invitation { get; set; } = new();
    public bool InAnnualPlan { get; set; } = true;
    /// <summary>The annual plan item this delegation carries out (its id), or empty.</summary>
    public string? PlanItemId { get; set; }
    public string? GuestClass { get; set; }
    /// <summary>The revision the form was loaded at (edits only): a stale save is refused.</summary>
    public int? Revision { get; set; }
    public HostRow Host { get; set; } = new();
    public ConferenceRow Conference { get; set; } = new();
    /// <summary>Inbound: the hosted conference the delegation comes for.</summary>
    public Guid? ConferenceId { get; set; }

    public sealed class HostRow { public string? FullName { get; set; } public string? Title { get; set; } }

    public sealed class ConferenceRow
    {
        public string? Topic { get; set; }
        public string? Organisers { get; set; }
        public List<string> SensitiveTopics { get; set; } = [];
        public List<ParticipantRow> Participants { get; set; } = [];
    }

    public sealed class ParticipantRow { public string? Country { get; set; } public string? Level { get; set; } public string? Count { get; set; } }

    public sealed class DestinationRow { public string? Country { get; set; } public string? City { get; set; } }
    public sealed class VenueRow { public string? City { get; set; } public string? Place { get; set; } }
    public sealed class InvitationRow { public string? From { get; set; } public string? Date { get; set; } }
    public sealed class CounterpartRow { public string? Organisation { get; set; } public string? Country { get; set; } public string? ContactName { get; set; } public string? ContactTitle { get; set; } }
    public sealed class AgendaRow { public string? Date { get; set; } public string? Activity { get; set; } public string? Counterpart { get; set; } }

    public sealed class MemberRow
    {
        public Guid? Id { get; set; }
        public string? FullName { get; set; }
        public string? Title { get; set; }
        public string? Organisation { get; set; }
        public string? Role { get; set; } = "member";
        public string? Grade { get; set; }
        public string? Nationality { get; set; } = "VN";
        public string? PassportType { get; set; }
        public string? PassportNumber { get; set; }
        public string? PassportExpiry { get; set; }
        public string? DateOfBirth { get; set; }
    }

    public sealed class BudgetRow
    {
        public string? Source { get; set; } = "state-budget";
        public List<BudgetLineRow> Lines { get; set; } = [];
    }

    public sealed class BudgetLineRow
    {
        public string? Category { get; set; }
        public string? Description { get; set; }
        public string? Amount { get; set; }
        public string? Currency { get; set; } = "VND";
        public string? ExchangeRate { get; set; }
        public string? RateDate { get; set; }

        /// <summary>The line in VND when its numbers read, for the first paint (the script keeps it live).</summary>
        public long? AmountVnd()
        {
            if (!TryNumber(Amount, out var amount)) return null;
            if ((Currency ?? "VND").Equals("VND", StringComparison.OrdinalIgnoreCase)) return (long)Math.Round(amount, MidpointRounding.AwayFromZero);
            return TryNumber(ExchangeRate, out var rate) ? (long)Math.Round(amount * rate, MidpointRounding.AwayFromZero) : null;
        }
    }

    public bool IsOutbound => Kind is null or "outbound";

    /// <summary>Rows the user left empty are dropped (before validation, so error paths match what is shown again).</summary>
    public void DropBlankRows()
    {
        Destinations.RemoveAll(d => Blank(d.Country, d.City));
        Counterparts.RemoveAll(c => Blank(c.Organisation, c.Country, c.ContactName, c.ContactTitle));
        Members.RemoveAll(m => m.Id is null && Blank(m.FullName, m.Title, m.Organisation, m.PassportNumber, m.PassportExpiry, m.DateOfBirth));
        Agenda.RemoveAll(a => Blank(a.Date, a.Activity, a.Counterpart));
        Budget.Lines.RemoveAll(l => Blank(l.Description, l.Amount, l.ExchangeRate, l.RateDate));
        Conference.Participants.RemoveAll(x => Blank(x.Country, x.Count));
    }

    /// <summary>
    /// The API input this form stands for. Numbers that do not read are reported in <paramref name="errors"/>
    /// under their own paths; passport fields are taken only from someone allowed to see them.
    /// </summary>
    public ProposalInput ToInput(bool withPassports, FieldErrors errors)
    {
        var outbound = IsOutbound;
        var lines = Budget.Lines.Select((l, i) =>
        {
            decimal? amount = null, rate = null;
            if (!string.IsNullOrWhiteSpace(l.Amount))
            {
                if (TryNumber(l.Amount, out var a)) amount = a;
                else errors.Add($"budget.lines[{i}].amount", "Must be a number.");
            }
            if (!string.IsNullOrWhiteSpace(l.ExchangeRate) && !(l.Currency ?? "VND").Equals("VND", StringComparison.OrdinalIgnoreCase))
            {
                if (TryNumber(l.ExchangeRate, out var r)) rate = r;
                else errors.Add($"budget.lines[{i}].exchangeRate", "Must be a number.");
            }
            return (BudgetLineInput?)new BudgetLineInput
            {
                Category = l.Category, Description = l.Description, Amount = amount, Currency = l.Currency, ExchangeRate = rate, RateDate = Text(l.RateDate),
            };
        }).ToList();

        return new ProposalInput
        {
            Kind = Kind,
            Title = Title,
            Purpose = Purpose,
            StartDate = Text(StartDate),
            EndDate = Text(EndDate),
            Destinations = outbound ? Destinations.Select(d => (DestinationInput?)new DestinationInput(d.Country, d.City)).ToList() : null,
            Venue = outbound || Blank(Venue.City, Venue.Place) ? null : new VenueInput(Venue.City, Venue.Place),
            Counterparts = Counterparts.Select(c => (CounterpartInput?)new CounterpartInput(c.Organisation, c.Country, c.ContactName, c.ContactTitle)).ToList(),
            Members = Members.Select(m => (MemberInput?)new MemberInput
            {
                Id = m.Id,
                FullName = m.FullName,
                Title = m.Title,
                Organisation = m.Organisation,
                Role = m.Role,
                Grade = Text(m.Grade),
                Nationality = Text(m.Nationality),
                PassportType = withPassports ? Text(m.PassportType) : null,
                PassportNumber = withPassports ? Text(m.PassportNumber) : null,
                PassportExpiry = withPassports ? Text(m.PassportExpiry) : null,
                DateOfBirth = withPassports ? Text(m.DateOfBirth) : null,
            }).ToList(),
            Agenda = Agenda.Select(a => (AgendaInput?)new AgendaInput(Text(a.Date), a.Activity, a.Counterpart)).ToList(),
            Budget = new BudgetInput(Text(Budget.Source), lines),
            Invitation = Blank(Invitation.From, Invitation.Date) ? null : new InvitationInput(Invitation.From, Text(Invitation.Date)),
            InAnnualPlan = InAnnualPlan,
            PlanItemId = Text(PlanItemId),
            GuestClass = outbound ? null : Text(GuestClass),
            Host = outbound || Blank(Host.FullName, Host.Title) ? null : new HostInput(Host.FullName, Host.Title),
            Conference = Kind != "conference" ? null : new ConferenceInput(Conference.Topic, Conference.Organisers,
                Conference.SensitiveTopics.Where(t => !string.IsNullOrWhiteSpace(t)).Select(t => (string?)t).ToList(),
                Conference.Participants.Select((x, i) =>
                {
                    int? count = null;
                    if (int.TryParse(x.Count?.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n)) count = n;
                    else errors.Add($"conference.participants[{i}].count", "Must be a number.");
                    return (ParticipantInput?)new ParticipantInput(Text(x.Country), Text(x.Level), count);
                }).ToList()),
            ConferenceId = Kind == "inbound" ? ConferenceId : null,
        };
    }

    /// <summary>A form filled from a stored proposal (for editing).</summary>
    public static ProposalForm From(ProposalView p) => new()
    {
        Kind = EnumText.ToText(p.Kind),
        Title = p.Title,
        Purpose = p.Purpose,
        StartDate = p.StartDate,
        EndDate = p.EndDate,
        Destinations = p.Destinations.Select(d => new DestinationRow { Country = d.Country, City = d.City }).ToList(),
        Venue = new VenueRow { City = p.Venue?.City, Place = p.Venue?.Place },
        Counterparts = p.Counterparts.Select(c => new CounterpartRow { Organisation = c.Organisation, Country = c.Country, ContactName = c.ContactName, ContactTitle = c.ContactTitle }).ToList(),
        Members = p.Members.Where(m => !m.Removed).Select(m => new MemberRow
        {
            Id = m.Id, FullName = m.FullName, Title = m.Title, Organisation = m.Organisation, Role = EnumText.ToText(m.Role), Grade = m.Grade,
            Nationality = m.Nationality, PassportType = m.PassportType, PassportNumber = m.PassportNumber, PassportExpiry = m.PassportExpiry, DateOfBirth = m.DateOfBirth,
        }).ToList(),
        Agenda = p.Agenda.Select(a => new AgendaRow { Date = a.Date, Activity = a.Activity, Counterpart = a.Counterpart }).ToList(),
        Budget = new BudgetRow
        {
            Source = p.Budget.Source,
            Lines = p.Budget.Lines.Select(l => new BudgetLineRow
            {
                Category = EnumText.ToText(l.Category), Description = l.Description, Amount = l.Amount.ToString(CultureInfo.InvariantCulture), Currency = l.Currency,
                ExchangeRate = l.Currency == "VND" ? null : l.ExchangeRate.ToString(CultureInfo.InvariantCulture), RateDate = l.RateDate,
            }).ToList(),
        },
        Invitation = new InvitationRow { From = p.Invitation?.From, Date = p.Invitation?.Date },
        InAnnualPlan = p.InAnnualPlan,
        PlanItemId = p.PlanItem?.Id.ToString(),
        GuestClass = p.GuestClass,
        Revision = p.Revision,
        Host = new HostRow { FullName = p.Host?.FullName, Title = p.Host?.Title },
        Conference = p.Conference is not { } c ? new ConferenceRow() : new ConferenceRow
        {
            Topic = c.Topic, Organisers = c.Organisers, SensitiveTopics = [.. c.SensitiveTopics],
            Participants = c.Participants.Select(x => new ParticipantRow { Country = x.Country, Level = x.Level, Count = x.Count.ToString(CultureInfo.InvariantCulture) }).ToList(),
        },
        ConferenceId = p.AttendsConference?.Id,
    };

    /// <summary>A new form, with one row to start each list.</summary>
    public static ProposalForm Blank() => new()
    {
        Destinations = [new DestinationRow()],
        Members = [new MemberRow { Role = "head" }],
        Counterparts = [new CounterpartRow()],
        Agenda = [new AgendaRow()],
        Budget = new BudgetRow { Lines = [new BudgetLineRow { Category = "airfare" }] },
    };

    private static bool Blank(params string?[] values) => values.All(string.IsNullOrWhiteSpace);

    private static string? Text(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    /// <summary>A plain number (what a number input posts): digits, an optional '.' and decimals.</summary>
    public static bool TryNumber(string? text, out decimal value) =>
        decimal.TryParse(text?.Trim(), NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);
}
