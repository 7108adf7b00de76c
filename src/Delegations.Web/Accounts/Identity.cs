using Microsoft.AspNetCore.Identity;

namespace Delegations.Web.Accounts;

/// <summary>A person who signs in. Accounts are made by admins; there is no self-registration.</summary>
public sealed class AppUser : IdentityUser
{
    public required string FullName { get; set; }
    /// <summary>Job title as it appears on documents, e.g. "Vụ trưởng Vụ Hợp tác quốc tế".</summary>
    public string? JobTitle { get; set; }
    public Guid DepartmentId { get; set; }
    public Department? Department { get; set; }
    /// <summary>"vi" (default) or "en": the language of the UI and of the mail this person gets.</summary>
    public string Language { get; set; } = "vi";
    public bool IsDisabled { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>A unit of an organisation. Departments form a tree: a ministry and its units, a union and its member associations.</summary>
public sealed class Department
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    /// <summary>Short stable code used in workflow scopes (<c>department:MOST-HTQT</c>).</summary>
    public required string Code { get; set; }
    public required string NameVi { get; set; }
    public required string NameEn { get; set; }
    public Guid? ParentId { get; set; }
    public Department? Parent { get; set; }

    public string Name(string language) => language.StartsWith("en", StringComparison.OrdinalIgnoreCase) ? NameEn : NameVi;
}

public static class Roles
{
    public const string Submitter = "Submitter";
    public const string DepartmentHead = "DepartmentHead";
    public const string InternationalOffice = "InternationalOffice";
    public const string Finance = "Finance";
    public const string Leadership = "Leadership";
    public const string VisaOfficer = "VisaOfficer";
    public const string SecurityLiaison = "SecurityLiaison";
    public const string Admin = "Admin";

    public static readonly IReadOnlyList<string> All =
        [Submitter, DepartmentHead, InternationalOffice, Finance, Leadership, VisaOfficer, SecurityLiaison, Admin];

    /// <summary>Roles whose holders approve (and so fall under separation of duties).</summary>
    public static readonly IReadOnlyList<string> Approvers =
        [DepartmentHead, InternationalOffice, Finance, Leadership, VisaOfficer, SecurityLiaison];
}
