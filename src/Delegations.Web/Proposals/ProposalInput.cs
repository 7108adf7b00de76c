using System.Globalization;
using Delegations.Web.Infrastructure;
using Microsoft.AspNetCore.DataProtection;

namespace Delegations.Web.Proposals;

/// <summary>
/// The body of <c>POST/PUT /api/proposals</c>. Everything is optional here so that validation can name each
/// missing or wrong field by its JSON path (<c>members[2].fullName</c>) instead of failing the whole body.
/// </summary>
public sealed record ProposalInput
{
    public string? Kind { get; init; }
    public string? Title { get; init; }
    public string? Purpose { get; init; }
    public string? StartDate { get; init; }
    public string? EndDate { get; init; }
    public List<DestinationInput?>? Destinations { get; init; }
    public VenueInput? Venue { get; init; }
    public List<CounterpartInput?>? Counterparts { get; init; }
    public List<MemberInput?>? Members { get; init; }
    public List<AgendaInput?>? Agenda { get; init; }
    public BudgetInput? Budget { get; init; }
    public InvitationInput? Invitation { get; init; }
    /// <summary>False marks a trip outside the annual delegation plan (it then needs Leadership).</summary>
    public bool? InAnnualPlan { get; init; }
    /// <summary>The annual plan item this delegation carries out (its id); planned when given.</summary>
    public string? PlanItemId { get; init; }
    /// <summary>Inbound: the guests' class (special, A, B, C, other).</summary>
    public string? GuestClass { get; init; }
    /// <summary>Inbound and conferences: the leader who receives the guests.</summary>
    public HostInput? Host { get; init; }
    /// <summary>Hosted conferences: topic, organisers, sensitive subjects, participants by country and level.</summary>
    public ConferenceInput? Conference { get; init; }
    /// <summary>Inbound: the id of the hosted conference the delegation comes for.</summary>
    public Guid? ConferenceId { get; init; }
}

public sealed record HostInput(string? FullName, string? Title);
public sealed record ConferenceInput(string? Topic, string? Organisers, List<string?>? SensitiveTopics, List<ParticipantInput?>? Participants);
public sealed record ParticipantInput(string? Country, string? Level, int? Count);

public sealed record DestinationInput(string? Country, string? City);
public sealed record VenueInput(string? City, string? Place);
public sealed record CounterpartInput(string? Organisation, string? Country, string? ContactName, string? ContactTitle);
public sealed record InvitationInput(string? From, string? Date);
public sealed record AgendaInput(string? Date, string? Activity, string? Counterpart);
public sealed record BudgetInput(string? Source, List<BudgetLineInput?>? Lines);

public sealed record BudgetLineInput
{
    public string? Category { get; init; }
    public string? Description { get; init; }
    public decimal? Amount { get; init; }
    public string? Currency { get; init; }
    /// <summary>VND per unit of the currency; required when the currency is not VND.</summary>
    public decimal? ExchangeRate { get; init; }
    public string? RateDate { get; init; }
}

public sealed record MemberInput
{
    /// <summary>Present when editing an existing member: keeps its protected passport data unless new values are sent.</summary>
    public Guid? Id { get; init; }
    public string? FullName { get; init; }
    public string? Title { get; init; }
    public string? Organisation { get; init; }
    public string? Role { get; init; }
    public string? Grade { get; init; }
    public string? PassportNumber { get; init; }
    public string? PassportExpiry { get; init; }
    public string? PassportType { get; init; }
    public string? DateOfBirth { get; init; }
    public string? Nationality { get; init; }
}

public static class ProposalRules
{
    public static readonly IReadOnlyList<string> GuestClasses = ["special", "A", "B", "C", "other"];
    public static readonly IReadOnlyList<string> PassportTypes = ["diplomatic", "official", "ordinary"];
    public static readonly IReadOnlyList<string> Grades = ["minister", "deputy-minister", "president", "vice-president", "director-general", "deputy-director-general", "director", "deputy-director", "officer", "expert", "other"];
    public const int MaxTripDays = 366;
    public const string PassportPurpose = "Delegations.Passport.v1";
}

/// <summary>Validates a <see cref="ProposalInput"/> and writes it onto a <see cref="Proposal"/>.</summary>
public static class ProposalInputMapper
{
    public static bool TryDate(string? text, out DateOnly date) =>
        DateOnly.TryParseExact(text?.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date);

    private static string? Clean(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    public static FieldErrors Validate(ProposalInput input)
    {
        var errors = new FieldErrors();
        void Required(string path, string? value, int max)
        {
            if (Clean(value) is not { } v) errors.Add(path, "Required.");
            else if (v.Length > max) errors.Add(path, $"At most {max} characters.");
        }
        void Optional(string path, string? value, int max)
        {
            if (Clean(value) is { } v && v.Length > max) errors.Add(path, $"At most {max} characters.");
        }
        DateOnly? Date(string path, string? value, bool required)
        {
            if (Clean(value) is null)
            {
                if (required) errors.Add(path, "Required (yyyy-MM-dd).");
                return null;
            }
            if (TryDate(value, out var d)) return d;
            errors.Add(path, "Must be a date as yyyy-MM-dd.");
            return null;
        }
        void Country(string path, string? value, bool required)
        {
            if (Clean(value) is null) { if (required) errors.Add(path, "Required (ISO 3166 alpha-2, e.g. CN)."); }
            else if (!Countries.IsKnown(value!.Trim())) errors.Add(path, $"'{value}' is not an ISO 3166 alpha-2 country code (e.g. CN, FR, JP).");
        }

        ProposalKind kind = default;
        if (Clean(input.Kind) is null) errors.Add("kind", "Required: outbound or inbound.");
        else if (!EnumText.TryParse(input.Kind, out kind)) errors.Add("kind", "Must be outbound, inbound or conference.");

        Required("title", input.Title, 500);
        Required("purpose", input.Purpose, 4000);
        var start = Date("startDate", input.StartDate, true);
        var end = Date("endDate", input.EndDate, true);
        if (start is { } s && end is { } e)
        {
            if (e < s) errors.Add("endDate", "Must be on or after the start date.");
            else if (e.DayNumber - s.DayNumber + 1 > ProposalRules.MaxTripDays) errors.Add("endDate", $"A delegation lasts at most {ProposalRules.MaxTripDays} days.");
        }

        if (kind == ProposalKind.Outbound && Clean(input.Kind) is not null)
        {
            if (input.Destinations is null || input.Destinations.Count == 0) errors.Add("destinations", "An outbound delegation needs at least one destination.");
        }
        for (var i = 0; i < (input.Destinations?.Count ?? 0); i++)
        {
            var d = input.Destinations![i];
            if (d is null) { errors.Add($"destinations[{i}]", "Required."); continue; }
            Country($"destinations[{i}].country", d.Country, true);
            Required($"destinations[{i}].city", d.City, 200);
        }
        if (kind is ProposalKind.Inbound or ProposalKind.Conference && Clean(input.Kind) is not null)
        {
            if (input.Venue is null) errors.Add("venue", "An inbound delegation needs its venue (city and place).");
            else Required("venue.city", input.Venue.City, 200);
        }
        if (input.Venue is not null) Optional("venue.place", input.Venue.Place, 300);

        for (var i = 0; i < (input.Counterparts?.Count ?? 0); i++)
        {
            var c = input.Counterparts![i];
            if (c is null) { errors.Add($"counterparts[{i}]", "Required."); continue; }
            Required($"counterparts[{i}].organisation", c.Organisation, 300);
            Country($"counterparts[{i}].country", c.Country, true);
            Optional($"counterparts[{i}].contactName", c.ContactName, 200);
            Optional($"counterparts[{i}].contactTitle", c.ContactTitle, 300);
        }

        if (input.Members is null || input.Members.Count == 0) errors.Add("members", "At least one member is required.");
        var heads = 0;
        for (var i = 0; i < (input.Members?.Count ?? 0); i++)
        {
            var m = input.Members![i];
            var path = $"members[{i}]";
            if (m is null) { errors.Add(path, "Required."); continue; }
            Required($"{path}.fullName", m.FullName, 200);
            Required($"{path}.title", m.Title, 300);
            Optional($"{path}.organisation", m.Organisation, 300);
            if (Clean(m.Role) is null) errors.Add($"{path}.role", "Required: head, member, interpreter or secretary.");
            else if (!EnumText.TryParse<MemberRole>(m.Role, out var role)) errors.Add($"{path}.role", "Must be head, member, interpreter or secretary.");
            else if (role == MemberRole.Head && ++heads > 1) errors.Add($"{path}.role", "A delegation has one head.");
            if (Clean(m.Grade) is { } grade && !ProposalRules.Grades.Contains(grade)) errors.Add($"{path}.grade", "Must be one of: " + string.Join(", ", ProposalRules.Grades) + ".");
            if (Clean(m.PassportType) is { } pt && !ProposalRules.PassportTypes.Contains(pt)) errors.Add($"{path}.passportType", "Must be diplomatic, official or ordinary.");
            Optional($"{path}.passportNumber", m.PassportNumber, 30);
            Date($"{path}.passportExpiry", m.PassportExpiry, false);
            Date($"{path}.dateOfBirth", m.DateOfBirth, false);
            Country($"{path}.nationality", m.Nationality, false);
        }

        for (var i = 0; i < (input.Agenda?.Count ?? 0); i++)
        {
            var a = input.Agenda![i];
            if (a is null) { errors.Add($"agenda[{i}]", "Required."); continue; }
            var date = Date($"agenda[{i}].date", a.Date, true);
            if (date is { } d && start is { } s2 && end is { } e2 && (d < s2 || d > e2)) errors.Add($"agenda[{i}].date", "Must be within the delegation's dates.");
            Required($"agenda[{i}].activity", a.Activity, 1000);
            Optional($"agenda[{i}].counterpart", a.Counterpart, 300);
        }

        if (input.Budget is not null)
        {
            Optional("budget.source", input.Budget.Source, 100);
            for (var i = 0; i < (input.Budget.Lines?.Count ?? 0); i++)
            {
                var l = input.Budget.Lines![i];
                var path = $"budget.lines[{i}]";
                if (l is null) { errors.Add(path, "Required."); continue; }
                if (!EnumText.TryParse<BudgetCategory>(l.Category, out _))
                    errors.Add($"{path}.category", "Must be one of: " + string.Join(", ", EnumText.All<BudgetCategory>()) + ".");
                if (l.Amount is null) errors.Add($"{path}.amount", "Required.");
                else if (l.Amount < 0) errors.Add($"{path}.amount", "Must be 0 or more.");
                else if (l.Amount > 1_000_000_000_000m) errors.Add($"{path}.amount", "Too large.");
                var currency = Clean(l.Currency)?.ToUpperInvariant() ?? "VND";
                if (currency.Length != 3 || !currency.All(char.IsAsciiLetterUpper)) errors.Add($"{path}.currency", "Must be an ISO 4217 code such as VND, USD or EUR.");
                else if (currency != "VND" && (l.ExchangeRate is null || l.ExchangeRate <= 0)) errors.Add($"{path}.exchangeRate", $"Required for {currency}: VND per 1 {currency}.");
                Optional($"{path}.description", l.Description, 500);
                Date($"{path}.rateDate", l.RateDate, false);
            }
        }
        if (input.Invitation is not null)
        {
            Required("invitation.from", input.Invitation.From, 300);
            Date("invitation.date", input.Invitation.Date, false);
        }
        if (Clean(input.GuestClass) is { } gc && !ProposalRules.GuestClasses.Contains(gc, StringComparer.OrdinalIgnoreCase))
            errors.Add("guestClass", "Must be special, A, B, C or other.");
        if (input.Host is not null)
        {
            Optional("host.fullName", input.Host.FullName, 200);
            Optional("host.title", input.Host.Title, 300);
        }
        if (kind == ProposalKind.Conference && Clean(input.Kind) is not null)
        {
            if (input.Conference is null) errors.Add("conference", "A conference needs its topic and organisers.");
            else
            {
                Required("conference.topic", input.Conference.Topic, 1000);
                Required("conference.organisers", input.Conference.Organisers, 1000);
            }
        }
        if (input.Conference is not null)
        {
            for (var i = 0; i < (input.Conference.SensitiveTopics?.Count ?? 0); i++)
                if (Clean(input.Conference.SensitiveTopics![i]) is not { } topic || !ConferenceRules.SensitiveTopics.Contains(topic))
                    errors.Add($"conference.sensitiveTopics[{i}]", "Must be one of: " + string.Join(", ", ConferenceRules.SensitiveTopics) + ".");
            for (var i = 0; i < (input.Conference.Participants?.Count ?? 0); i++)
            {
                var x = input.Conference.Participants![i];
                var path = $"conference.participants[{i}]";
                if (x is null) { errors.Add(path, "Required."); continue; }
                Country($"{path}.country", x.Country, true);
                if (Clean(x.Level) is not { } level || !ConferenceRules.Levels.Contains(level))
                    errors.Add($"{path}.level", "Must be one of: " + string.Join(", ", ConferenceRules.Levels) + ".");
                if (x.Count is not { } n || n < 1 || n > 100000) errors.Add($"{path}.count", "Must be a number from 1 to 100000.");
            }
        }
        if (input.ConferenceId is not null && kind != ProposalKind.Inbound && Clean(input.Kind) is not null)
            errors.Add("conferenceId", "Only an inbound delegation comes for a conference.");
        return errors;
    }

    /// <summary>Writes a validated input onto the proposal (replacing its lists), keeping members' protected data when not resent.</summary>
    public static void Apply(ProposalInput input, Proposal p, IDataProtector passports)
    {
        p.Kind = EnumText.Parse<ProposalKind>(input.Kind!);
        p.Title = input.Title!.Trim();
        p.Purpose = input.Purpose!.Trim();
        TryDate(input.StartDate, out var start);
        TryDate(input.EndDate, out var end);
        p.StartDate = start;
        p.EndDate = end;
        p.InAnnualPlan = input.InAnnualPlan ?? true;
        p.GuestClass = Clean(input.GuestClass) is { } gc ? ProposalRules.GuestClasses.First(c => c.Equals(gc, StringComparison.OrdinalIgnoreCase)) : null;
        p.VenueCity = p.Kind == ProposalKind.Outbound ? null : Clean(input.Venue?.City);
        p.VenuePlace = p.Kind == ProposalKind.Outbound ? null : Clean(input.Venue?.Place);
        p.InvitationFrom = Clean(input.Invitation?.From);
        p.InvitationDate = TryDate(input.Invitation?.Date, out var inv) ? inv : null;
        p.BudgetSource = Clean(input.Budget?.Source);
        p.HostName = p.Kind == ProposalKind.Outbound ? null : Clean(input.Host?.FullName);
        p.HostTitle = p.Kind == ProposalKind.Outbound ? null : Clean(input.Host?.Title);
        var conference = p.Kind == ProposalKind.Conference ? input.Conference : null;
        p.ConferenceTopic = Clean(conference?.Topic);
        p.ConferenceOrganisers = Clean(conference?.Organisers);
        p.SensitiveTopics = conference?.SensitiveTopics is { Count: > 0 } topics ? string.Join(',', topics.Select(t => t!.Trim()).Distinct()) : null;
        p.Participants = (conference?.Participants ?? []).Select((x, i) => new ConferenceParticipant
        {
            ProposalId = p.Id, Position = i, Country = x!.Country!.Trim().ToUpperInvariant(), Level = x.Level!.Trim(), Count = x.Count!.Value,
        }).ToList();
        p.ConferenceId = p.Kind == ProposalKind.Inbound ? input.ConferenceId : null;

        p.Destinations = (input.Destinations ?? []).Select((d, i) => new Destination
        {
            ProposalId = p.Id, Position = i, Country = d!.Country!.Trim(), City = d.City!.Trim(),
        }).ToList();
        p.Counterparts = (input.Counterparts ?? []).Select((c, i) => new Counterpart
        {
            ProposalId = p.Id, Position = i, Organisation = c!.Organisation!.Trim(), Country = c.Country!.Trim(),
            ContactName = Clean(c.ContactName), ContactTitle = Clean(c.ContactTitle),
        }).ToList();
        p.Agenda = (input.Agenda ?? []).Select((a, i) => new AgendaItem
        {
            ProposalId = p.Id, Position = i, Date = DateOnly.ParseExact(a!.Date!.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture),
            Activity = a.Activity!.Trim(), Counterpart = Clean(a.Counterpart),
        }).ToList();
        p.BudgetLines = (input.Budget?.Lines ?? []).Select((l, i) =>
        {
            var currency = Clean(l!.Currency)?.ToUpperInvariant() ?? "VND";
            var rate = currency == "VND" ? 1m : l.ExchangeRate!.Value;
            return new BudgetLine
            {
                ProposalId = p.Id, Position = i, Category = EnumText.Parse<BudgetCategory>(l.Category!), Description = Clean(l.Description),
                Amount = l.Amount!.Value, Currency = currency, ExchangeRate = rate,
                RateDate = TryDate(l.RateDate, out var rd) ? rd : null,
                AmountVnd = (long)Math.Round(l.Amount.Value * rate, MidpointRounding.AwayFromZero),
            };
        }).ToList();
        p.TotalVnd = p.BudgetLines.Sum(b => b.AmountVnd);

        // Members sent back with their id are updated in place, so their protected passport data survives an edit
        // by someone who may not see it.
        var previous = p.Members.ToDictionary(m => m.Id);
        p.Members = (input.Members ?? []).Select((m, i) =>
        {
            var member = m!.Id is { } id && previous.TryGetValue(id, out var old)
                ? old
                : new DelegationMember { ProposalId = p.Id, FullName = "", Title = "" };
            member.Position = i;
            member.FullName = m.FullName!.Trim();
            member.Title = m.Title!.Trim();
            member.Organisation = Clean(m.Organisation);
            member.Role = EnumText.Parse<MemberRole>(m.Role!);
            member.Grade = Clean(m.Grade);
            member.Nationality = Clean(m.Nationality);
            member.Removed = false;
            if (Clean(m.PassportType) is { } type) member.PassportType = type;
            if (Clean(m.PassportNumber) is { } number) member.PassportNumberProtected = passports.Protect(number);
            if (TryDate(m.PassportExpiry, out var expiry)) member.PassportExpiry = expiry;
            if (Clean(m.DateOfBirth) is { } dob) member.DateOfBirthProtected = passports.Protect(dob);
            return member;
        }).ToList();

        p.SearchText = SearchText.Join(
            [p.ReferenceNumber, p.Title, p.Purpose, p.VenueCity, p.VenuePlace, p.InvitationFrom, p.HostName, p.ConferenceTopic, p.ConferenceOrganisers],
            p.Members.SelectMany(m => new[] { m.FullName, m.Title, m.Organisation }),
            p.Counterparts.SelectMany(c => new[] { c.Organisation, c.ContactName, c.ContactTitle }),
            p.Destinations.Select(d => d.City));
    }
}
