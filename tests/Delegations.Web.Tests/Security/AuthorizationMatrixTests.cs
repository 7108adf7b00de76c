using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Delegations.Web.Demo;
using Delegations.Web.Tests.Infrastructure;
using Delegations.Web.Tests.Ui;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Delegations.Web.Tests.Security;

/// <summary>
/// Every endpoint the app maps (read from its EndpointDataSource, so a new endpoint without a row here fails) ×
/// anonymous and every demo role × a record of department A (Văn phòng Bộ: seed 001 waiting for its department head)
/// and of department B (Cục Phát triển thị trường: the Zhongguancun forum, waiting for its head), asserting the exact
/// status. Requests are harmless: bodies that are incomplete, or commands the record's state refuses, so a caller who
/// may act gets 400/409 (the rule after the check) and one who may not gets 401/403/404 — and nothing changes.
/// Pages get a GET, and a POST without its anti-forgery token.
/// </summary>
public sealed class AuthorizationMatrixTests : AppTests
{
    /// <summary>The callers, in the order of the columns below.</summary>
    private static readonly string[] Callers =
    [
        "anonymous", "admin@demo.local", "submitter@demo.local", "head@demo.local", "submitter2@demo.local", "head2@demo.local",
        "intl@demo.local", "finance@demo.local", "leader@demo.local", "visa@demo.local", "security@demo.local",
    ];

    // Each row: the expected status per caller (columns as in Callers); "a/b" where the route names a record:
    // a = department A's record, b = department B's.
    //                                                              anon     admin    subm     head     subm2    head2    intl     fin      lead     visa     secu
    private static readonly Dictionary<string, string> Rows = new()
    {
        // Policy rules, documents, comments (issue 13): documents and comments follow the proposal's visibility.
        ["DELETE /api/admin/policy-rules/{id}"] = "401/401  404/404  403/403  403/403  403/403  403/403  403/403  403/403  403/403  403/403  403/403",
        ["GET /admin/policy-rules"] = "302      200      403      403      403      403      403      403      403      403      403",
        ["GET /api/admin/document-templates/"] = "401      200      403      403      403      403      403      403      403      403      403",
        ["GET /api/admin/document-templates/{id}"] = "401/401  404/404  403/403  403/403  403/403  403/403  403/403  403/403  403/403  403/403  403/403",
        ["GET /api/admin/policy-rules/"] = "401      200      403      403      403      403      403      403      403      403      403",
        ["GET /api/admin/policy-rules/{id}"] = "401/401  404/404  403/403  403/403  403/403  403/403  403/403  403/403  403/403  403/403  403/403",
        ["GET /api/proposals/{id:guid}/comments/"] = "401/401  200/200  200/404  200/404  404/200  404/200  404/404  404/404  404/404  404/404  200/404",
        ["GET /api/proposals/{id:guid}/comments/attachments/{fileId:guid}"] = "401/401  404/404  404/404  404/404  404/404  404/404  404/404  404/404  404/404  404/404  404/404",
        ["GET /api/proposals/{id:guid}/documents/"] = "401/401  200/200  200/404  200/404  404/200  404/200  404/404  404/404  404/404  404/404  200/404",
        ["GET /api/proposals/{id:guid}/documents/{documentId:guid}"] = "401/401  404/404  404/404  404/404  404/404  404/404  404/404  404/404  404/404  404/404  404/404",
        ["POST /admin/policy-rules"] = "302      400      400      400      400      400      400      400      400      400      400",
        ["POST /api/admin/policy-rules/"] = "401      400      403      403      403      403      403      403      403      403      403",
        ["POST /api/proposals/{id:guid}/comments/"] = "401/401  400/400  400/404  400/404  404/400  404/400  404/404  404/404  404/404  404/404  400/404",
        ["POST /api/proposals/{id:guid}/documents/"] = "401/401  400/400  403/404  403/404  404/403  404/403  404/404  404/404  404/404  404/404  403/404",
        ["PUT /api/admin/document-templates/{id}"] = "401/401  400/400  403/403  403/403  403/403  403/403  403/403  403/403  403/403  403/403  403/403",
        ["PUT /api/admin/policy-rules/{id}"] = "401/401  400/400  403/403  403/403  403/403  403/403  403/403  403/403  403/403  403/403  403/403",
        // The admin area (issue 10): admins only; page posts without their anti-forgery token are 400 for everyone.
        ["GET /admin"] = "302      200      403      403      403      403      403      403      403      403      403",
        ["GET /admin/holidays"] = "302      200      403      403      403      403      403      403      403      403      403",
        ["GET /admin/incidents"] = "302      200      403      403      403      403      403      403      403      403      403",
        ["GET /admin/workflows"] = "302      200      403      403      403      403      403      403      403      403      403",
        ["GET /admin/workflows/{id}"] = "302      200      403      403      403      403      403      403      403      403      403",
        ["GET /admin/workflows/{id}/diff"] = "302      404      403      403      403      403      403      403      403      403      403",
        ["GET /admin/workflows/{id}/form"] = "302      200      403      403      403      403      403      403      403      403      403",
        ["GET /admin/workflows/{id}/migrate"] = "302      200      403      403      403      403      403      403      403      403      403",
        ["GET /admin/workflows/{id}/simulate"] = "302      200      403      403      403      403      403      403      403      403      403",
        ["GET /api/admin/workflow-schema.json"] = "401      200      403      403      403      403      403      403      403      403      403",
        ["POST /admin"] = "302      400      400      400      400      400      400      400      400      400      400",
        ["POST /admin/holidays"] = "302      400      400      400      400      400      400      400      400      400      400",
        ["POST /admin/incidents"] = "302      400      400      400      400      400      400      400      400      400      400",
        ["POST /admin/workflows"] = "302      400      400      400      400      400      400      400      400      400      400",
        ["POST /admin/workflows/{id}"] = "302      400      400      400      400      400      400      400      400      400      400",
        ["POST /admin/workflows/{id}/diff"] = "302      400      400      400      400      400      400      400      400      400      400",
        ["POST /admin/workflows/{id}/form"] = "302      400      400      400      400      400      400      400      400      400      400",
        ["POST /admin/workflows/{id}/migrate"] = "302      400      400      400      400      400      400      400      400      400      400",
        ["POST /admin/workflows/{id}/simulate"] = "302      400      400      400      400      400      400      400      400      400      400",
        ["POST /api/admin/workflows/{id}/diagram"] = "401      400      403      403      403      403      403      403      403      403      403",
        ["DELETE /api/admin/holidays/{date}"] = "401      404      403      403      403      403      403      403      403      403      403",
        ["DELETE /api/proposals/{id:guid}/report/attachments/{attachmentId:guid}"] = "401/401  404/404  404/404  404/404  404/404  404/404  404/404  404/404  404/404  404/404  404/404",
        ["GET /"] = "302      302      302      302      302      302      302      302      302      302      302",
        ["GET /account/deputies"] = "302      200      200      200      200      200      200      200      200      200      200",
        ["GET /account/language"] = "302      302      302      302      302      302      302      302      302      302      302",
        ["GET /account/login"] = "200      302      302      302      302      302      302      302      302      302      302",
        ["GET /account/logout"] = "302      200      200      200      200      200      200      200      200      200      200",
        ["GET /account/set-password"] = "200      200      200      200      200      200      200      200      200      200      200",
        ["GET /admin/audit"] = "302      200      403      403      403      403      403      403      403      403      403",
        ["GET /admin/departments"] = "302      200      403      403      403      403      403      403      403      403      403",
        ["GET /admin/users"] = "302      200      403      403      403      403      403      403      403      403      403",
        ["GET /admin/users/{id}"] = "302      404      403      403      403      403      403      403      403      403      403",
        ["GET /api/admin/audit"] = "401      200      403      403      403      403      403      403      403      403      403",
        ["GET /api/admin/departments/"] = "401      200      403      403      403      403      403      403      403      403      403",
        ["GET /api/admin/holidays/"] = "401      200      403      403      403      403      403      403      403      403      403",
        ["GET /api/admin/incidents"] = "401      200      403      403      403      403      403      403      403      403      403",
        ["GET /api/admin/users/"] = "401      200      403      403      403      403      403      403      403      403      403",
        ["GET /api/admin/users/{id}"] = "401      404      403      403      403      403      403      403      403      403      403",
        ["GET /api/admin/workflows"] = "401      200      403      403      403      403      403      403      403      403      403",
        ["GET /api/admin/workflows/{id}"] = "401      200      403      403      403      403      403      403      403      403      403",
        ["GET /api/admin/workflows/{id}/versions/{a:int}/diff/{b:int}"] = "401      200      403      403      403      403      403      403      403      403      403",
        ["GET /api/admin/workflows/{id}/versions/{version:int}"] = "401      200      403      403      403      403      403      403      403      403      403",
        ["GET /api/admin/workflows/{id}/versions/{version:int}/export"] = "401      200      403      403      403      403      403      403      403      403      403",
        ["GET /api/deputies/"] = "401      200      200      200      200      200      200      200      200      200      200",
        ["GET /api/docs/favicon.svg"] = "200      200      200      200      200      200      200      200      200      200      200",
        ["GET /api/docs/scalar.aspnetcore.js"] = "200      200      200      200      200      200      200      200      200      200      200",
        ["GET /api/docs/scalar.js"] = "200      200      200      200      200      200      200      200      200      200      200",
        ["GET /api/docs/{documentName?}"] = "302      200      200      200      200      200      200      200      200      200      200",
        ["GET /api/follow-ups/"] = "401      200      200      200      200      200      200      200      200      200      200",
        ["GET /api/proposals/"] = "401      200      200      200      200      200      200      200      200      200      200",
        ["GET /api/proposals/{id:guid}"] = "401/401  200/200  200/404  200/404  404/200  404/200  404/404  404/404  404/404  404/404  200/404",
        ["GET /api/proposals/{id:guid}/report/"] = "401/401  404/404  404/404  404/404  404/404  404/404  404/404  404/404  404/404  404/404  404/404",
        ["GET /api/proposals/{id:guid}/report/attachments/"] = "401/401  200/200  200/404  200/404  404/200  404/200  404/404  404/404  404/404  404/404  200/404",
        ["GET /api/proposals/{id:guid}/report/attachments/{attachmentId:guid}"] = "401/401  404/404  404/404  404/404  404/404  404/404  404/404  404/404  404/404  404/404  404/404",
        ["GET /api/proposals/{id:guid}/report/draft"] = "401/401  200/200  200/404  200/404  404/200  404/200  404/404  404/404  404/404  404/404  200/404",
        ["GET /api/reports/compiled/"] = "401      200      403      200      403      200      200      403      200      403      403",
        ["GET /api/reports/compiled/archive"] = "401      200      403      403      403      403      200      403      200      403      403",
        ["GET /api/reports/compiled/archive/{id:guid}/{format}"] = "401      404      403      403      403      403      404      403      404      403      403",
        ["GET /api/tasks/"] = "401      200      200      200      200      200      200      200      200      200      200",
        ["GET /api/tasks/{id:guid}"] = "401/401  200/200  200/404  200/404  404/200  404/200  404/404  404/404  404/404  404/404  200/404",
        ["GET /calendar"] = "302      200      200      200      200      200      200      200      200      200      200",
        ["GET /calendar/feed/{token}.ics"] = "404      404      404      404      404      404      404      404      404      404      404",
        ["GET /error/{code:int}"] = "404      404      404      404      404      404      404      404      404      404      404",
        ["GET /health/live"] = "200      200      200      200      200      200      200      200      200      200      200",
        ["GET /health/ready"] = "200      200      200      200      200      200      200      200      200      200      200",
        ["GET /inbox"] = "302      200      200      200      200      200      200      200      200      200      200",
        ["GET /jobs/{**path}"] = "401      200      403      403      403      403      403      403      403      403      403",
        ["GET /openapi/{documentName}.json"] = "200      200      200      200      200      200      200      200      200      200      200",
        ["GET /proposals"] = "302      200      200      200      200      200      200      200      200      200      200",
        ["GET /proposals/new"] = "302      200      200      403      200      403      403      403      403      403      403",
        ["GET /proposals/{id:guid}"] = "302/302  200/200  200/403  200/403  403/200  403/200  403/403  403/403  403/403  403/403  200/403",
        ["GET /proposals/{id:guid}/edit"] = "302/302  302/302  302/403  403/403  403/302  403/403  403/403  403/403  403/403  403/403  403/403",
        ["GET /proposals/{id:guid}/report"] = "302/302  200/200  200/403  200/403  403/200  403/200  403/403  403/403  403/403  403/403  200/403",
        ["GET /tasks/{id:guid}"] = "302/302  200/200  200/403  200/403  403/200  403/200  403/403  403/403  403/403  403/403  200/403",
        ["GET /tasks/{id:guid}/reassign"] = "302/302  200/200  403/403  200/403  403/403  403/200  403/403  403/403  403/403  403/403  403/403",
        ["POST /"] = "302      400      400      400      400      400      400      400      400      400      400",
        ["POST /account/deputies"] = "302      400      400      400      400      400      400      400      400      400      400",
        ["POST /account/language"] = "400      400      400      400      400      400      400      400      400      400      400",
        ["POST /account/login"] = "400      400      400      400      400      400      400      400      400      400      400",
        ["POST /account/logout"] = "400      400      400      400      400      400      400      400      400      400      400",
        ["POST /account/set-password"] = "400      400      400      400      400      400      400      400      400      400      400",
        ["POST /admin/audit"] = "302      400      400      400      400      400      400      400      400      400      400",
        ["POST /admin/departments"] = "302      400      400      400      400      400      400      400      400      400      400",
        ["POST /admin/users"] = "302      400      400      400      400      400      400      400      400      400      400",
        ["POST /admin/users/{id}"] = "302      400      400      400      400      400      400      400      400      400      400",
        ["POST /api/admin/departments/"] = "401      400      403      403      403      403      403      403      403      403      403",
        ["POST /api/admin/instances/{id:guid}/cancel"] = "401/401  400/400  403/403  403/403  403/403  403/403  403/403  403/403  403/403  403/403  403/403",
        ["POST /api/admin/instances/{id:guid}/retry"] = "401/401  409/409  403/403  403/403  403/403  403/403  403/403  403/403  403/403  403/403  403/403",
        ["POST /api/admin/users/"] = "401      400      403      403      403      403      403      403      403      403      403",
        ["POST /api/admin/users/{id}/disable"] = "401      404      403      403      403      403      403      403      403      403      403",
        ["POST /api/admin/users/{id}/enable"] = "401      404      403      403      403      403      403      403      403      403      403",
        ["POST /api/admin/users/{id}/password-link"] = "401      404      403      403      403      403      403      403      403      403      403",
        ["POST /api/admin/workflows"] = "401      400      403      403      403      403      403      403      403      403      403",
        ["POST /api/admin/workflows/{id}/migrate"] = "401      200      403      403      403      403      403      403      403      403      403",
        ["POST /api/admin/workflows/{id}/publish"] = "401      409      403      403      403      403      403      403      403      403      403",
        ["POST /api/admin/workflows/{id}/simulate"] = "401      400      403      403      403      403      403      403      403      403      403",
        ["POST /api/admin/workflows/{id}/validate"] = "401      400      403      403      403      403      403      403      403      403      403",
        ["POST /api/auth/login"] = "401      401      401      401      401      401      401      401      401      401      401",
        ["POST /api/auth/refresh"] = "401      401      401      401      401      401      401      401      401      401      401",
        ["POST /api/deputies/"] = "401      400      400      400      400      400      400      400      400      400      400",
        ["POST /api/deputies/{id:guid}/revoke"] = "401      404      404      404      404      404      404      404      404      404      404",
        ["POST /api/follow-ups/{id:guid}/done"] = "401      404      404      404      404      404      404      404      404      404      404",
        ["POST /api/proposals/"] = "401      400      400      403      400      403      403      403      403      403      403",
        ["POST /api/proposals/{id:guid}/cancel"] = "401/401  400/400  400/404  403/404  404/400  404/403  404/404  404/404  404/404  404/404  403/404",
        ["POST /api/proposals/{id:guid}/report/"] = "401/401  409/409  409/404  409/404  404/409  404/409  404/404  404/404  404/404  404/404  409/404",
        ["POST /api/proposals/{id:guid}/report/attachments/"] = "401/401  409/409  409/404  403/404  404/409  404/403  404/404  404/404  404/404  404/404  403/404",
        ["POST /api/proposals/{id:guid}/report/follow-ups"] = "401/401  409/409  409/404  403/404  404/409  404/403  404/404  404/404  404/404  404/404  403/404",
        ["POST /api/proposals/{id:guid}/submit"] = "401/401  409/409  409/404  403/404  404/409  404/403  404/404  404/404  404/404  404/404  403/404",
        ["POST /api/tasks/bulk-complete"] = "401      400      400      400      400      400      400      400      400      400      400",
        ["POST /api/tasks/{id:guid}/complete"] = "401/401  403/403  403/404  400/404  404/403  404/400  404/404  404/404  404/404  404/404  403/404",
        ["POST /api/tasks/{id:guid}/reassign"] = "401/401  400/400  403/404  400/404  404/403  404/400  404/404  404/404  404/404  404/404  403/404",
        ["POST /calendar"] = "302      400      400      400      400      400      400      400      400      400      400",
        ["POST /error/{code:int}"] = "404      404      404      404      404      404      404      404      404      404      404",
        ["POST /inbox"] = "302      400      400      400      400      400      400      400      400      400      400",
        ["POST /proposals"] = "302      400      400      400      400      400      400      400      400      400      400",
        ["POST /proposals/new"] = "302      400      400      400      400      400      400      400      400      400      400",
        ["POST /proposals/{id:guid}"] = "302/302  400/400  400/400  400/400  400/400  400/400  400/400  400/400  400/400  400/400  400/400",
        ["POST /proposals/{id:guid}/edit"] = "302/302  400/400  400/400  400/400  400/400  400/400  400/400  400/400  400/400  400/400  400/400",
        ["POST /proposals/{id:guid}/report"] = "302/302  400/400  400/400  400/400  400/400  400/400  400/400  400/400  400/400  400/400  400/400",
        ["POST /tasks/{id:guid}"] = "302/302  400/400  400/400  400/400  400/400  400/400  400/400  400/400  400/400  400/400  400/400",
        ["POST /tasks/{id:guid}/reassign"] = "302/302  400/400  400/400  400/400  400/400  400/400  400/400  400/400  400/400  400/400  400/400",
        ["PUT /api/admin/departments/{id:guid}"] = "401/401  200/200  403/403  403/403  403/403  403/403  403/403  403/403  403/403  403/403  403/403",
        ["PUT /api/admin/holidays/{date}"] = "401      400      403      403      403      403      403      403      403      403      403",
        ["PUT /api/admin/users/{id}"] = "401      404      403      403      403      403      403      403      403      403      403",
        ["PUT /api/admin/workflows/{id}"] = "401      400      403      403      403      403      403      403      403      403      403",
        ["PUT /api/proposals/{id:guid}"] = "401/401  409/409  409/404  403/404  404/409  404/403  404/404  404/404  404/404  404/404  403/404",
        // Mail admin and account settings (issue 7).
        ["DELETE /api/admin/mail/templates/{name}/{language}"] = "401      404      403      403      403      403      403      403      403      403      403",
        ["GET /account/settings"] = "302      200      200      200      200      200      200      200      200      200      200",
        ["GET /admin/mail/outbox"] = "302      200      403      403      403      403      403      403      403      403      403",
        ["GET /admin/mail/templates"] = "302      200      403      403      403      403      403      403      403      403      403",
        ["GET /admin/mail/templates/{name}/{language}"] = "302      404      403      403      403      403      403      403      403      403      403",
        ["GET /api/account/settings/"] = "401      200      200      200      200      200      200      200      200      200      200",
        ["GET /api/admin/mail/outbox"] = "401      200      403      403      403      403      403      403      403      403      403",
        ["GET /api/admin/mail/outbox/{id:guid}"] = "401/401  404/404  403/403  403/403  403/403  403/403  403/403  403/403  403/403  403/403  403/403",
        ["GET /api/admin/mail/templates"] = "401      200      403      403      403      403      403      403      403      403      403",
        ["GET /api/admin/mail/templates/{name}/{language}"] = "401      404      403      403      403      403      403      403      403      403      403",
        ["POST /account/settings"] = "302      400      400      400      400      400      400      400      400      400      400",
        ["POST /admin/mail/outbox"] = "302      400      400      400      400      400      400      400      400      400      400",
        ["POST /admin/mail/templates"] = "302      400      400      400      400      400      400      400      400      400      400",
        ["POST /admin/mail/templates/{name}/{language}"] = "302      400      400      400      400      400      400      400      400      400      400",
        ["POST /api/admin/mail/outbox/{id:guid}/resend"] = "401/401  404/404  403/403  403/403  403/403  403/403  403/403  403/403  403/403  403/403  403/403",
        ["POST /api/admin/mail/templates/{name}/{language}/preview"] = "401      404      403      403      403      403      403      403      403      403      403",
        ["PUT /api/account/settings/"] = "401      200      200      200      200      200      200      200      200      200      200",
        ["PUT /api/admin/mail/templates/{name}/{language}"] = "401      404      403      403      403      403      403      403      403      403      403",
        // Budget (issue 9): norms, the annual plan, department budgets, estimates.
        ["DELETE /api/admin/norms/{id:guid}"] = "401/401  404/404  403/403  403/403  403/403  403/403  403/403  403/403  403/403  403/403  403/403",
        ["DELETE /api/admin/plan/{id:guid}"] = "401/401  404/404  403/403  403/403  403/403  403/403  404/404  403/403  403/403  403/403  403/403",
        ["GET /admin/norms"] = "302      200      403      403      403      403      403      403      403      403      403",
        ["GET /admin/plan"] = "302      200      403      403      403      403      200      403      403      403      403",
        ["GET /api/admin/department-budgets/"] = "401      200      403      403      403      403      403      403      403      403      403",
        ["GET /api/admin/norms/"] = "401      200      403      403      403      403      403      403      403      403      403",
        ["GET /api/admin/norms/country-groups"] = "401      200      403      403      403      403      403      403      403      403      403",
        ["GET /api/admin/norms/lookup"] = "401      400      403      403      403      403      403      403      403      403      403",
        ["GET /api/admin/plan/"] = "401      200      403      403      403      403      200      403      403      403      403",
        ["POST /admin/norms"] = "302      400      400      400      400      400      400      400      400      400      400",
        ["POST /admin/plan"] = "302      400      400      400      400      400      400      400      400      400      400",
        ["POST /api/admin/norms/"] = "401      400      403      403      403      403      403      403      403      403      403",
        ["POST /api/admin/plan/"] = "401      400      403      403      403      403      400      403      403      403      403",
        ["POST /api/budget/estimate"] = "401      400      400      400      400      400      400      400      400      400      400",
        ["POST /api/proposals/{id:guid}/budget/estimate"] = "401/401  200/200  200/404  200/404  404/200  404/200  404/404  404/404  404/404  404/404  200/404",
        ["PUT /api/admin/department-budgets/{department}/{year:int}"] = "401      400      403      403      403      403      403      403      403      403      403",
        ["PUT /api/admin/norms/country-groups/{country}"] = "401      400      403      403      403      403      403      403      403      403      403",
        ["PUT /api/admin/norms/{id:guid}"] = "401/401  404/404  403/403  403/403  403/403  403/403  403/403  403/403  403/403  403/403  403/403",
        ["PUT /api/admin/plan/{id:guid}"] = "401/401  404/404  403/403  403/403  403/403  403/403  404/404  403/403  403/403  403/403  403/403",
    };

    private sealed record Fixture(string ProposalA, string ProposalB, string TaskA, string TaskB, string InstanceA, string InstanceB, string DepartmentA, string DepartmentB);

    private async Task<Fixture> ArrangeAsync()
    {
        var a = await Flow.CreateAsync("submitter@demo.local", DemoSeeds.MinisterBeijingShanghai());
        await Flow.SubmitAsync("submitter@demo.local", a);
        var b = await Flow.CreateAsync("submitter2@demo.local", DemoSeeds.ZhongguancunForumDraft());
        await Flow.SubmitAsync("submitter2@demo.local", b);
        var taskA = (await Flow.InboxTasksAsync("head@demo.local", a, "department-head")).Single()["id"]!.GetValue<string>();
        var taskB = (await Flow.InboxTasksAsync("head2@demo.local", b, "department-head")).Single()["id"]!.GetValue<string>();
        var ids = await App.Db(db => db.Proposals.Where(p => p.Id == Guid.Parse(a) || p.Id == Guid.Parse(b))
            .Select(p => new { p.Id, p.WorkflowInstanceId, p.DepartmentId }).ToListAsync());
        var pa = ids.Single(x => x.Id == Guid.Parse(a));
        var pb = ids.Single(x => x.Id == Guid.Parse(b));
        return new Fixture(a, b, taskA, taskB, pa.WorkflowInstanceId!.Value.ToString(), pb.WorkflowInstanceId!.Value.ToString(), pa.DepartmentId.ToString(), pb.DepartmentId.ToString());
    }

    /// <summary>"GET /api/proposals/{id:guid}" for each method an endpoint answers (pages: GET and POST).</summary>
    private IReadOnlyList<(string Key, string Method, string Pattern)> Endpoints()
    {
        var list = new List<(string, string, string)>();
        foreach (var e in App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            var pattern = "/" + e.RoutePattern.RawText!.TrimStart('/');
            var methods = e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods
                          ?? (e.Metadata.GetMetadata<Microsoft.AspNetCore.Mvc.RazorPages.CompiledPageActionDescriptor>() is not null || e.DisplayName?.StartsWith('/') == true && !pattern.StartsWith("/jobs") && !pattern.StartsWith("/health")
                              ? ["GET", "POST"] : ["GET"]);
            foreach (var m in methods) list.Add(($"{m} {pattern}", m, pattern));
        }
        return list.DistinctBy(x => x.Item1).OrderBy(x => x.Item1, StringComparer.Ordinal).ToList();
    }

    private static bool NamesRecord(string pattern) =>
        pattern.Contains("{id", StringComparison.Ordinal) && !pattern.StartsWith("/api/follow-ups", StringComparison.Ordinal)
        && !pattern.StartsWith("/api/deputies", StringComparison.Ordinal) && !pattern.StartsWith("/api/reports/compiled/archive", StringComparison.Ordinal)
        && !pattern.StartsWith("/api/admin/users", StringComparison.Ordinal) && !pattern.StartsWith("/api/admin/workflows", StringComparison.Ordinal)
        && !pattern.StartsWith("/admin/users", StringComparison.Ordinal) && !pattern.StartsWith("/admin/workflows", StringComparison.Ordinal);

    private static string Url(string pattern, Fixture f, bool a)
    {
        string Id()
        {
            if (pattern.StartsWith("/api/tasks/") || pattern.StartsWith("/tasks/")) return a ? f.TaskA : f.TaskB;
            if (pattern.StartsWith("/api/admin/instances/")) return a ? f.InstanceA : f.InstanceB;
            if (pattern.StartsWith("/api/admin/departments/")) return a ? f.DepartmentA : f.DepartmentB;
            if (pattern.StartsWith("/api/admin/workflows/") || pattern.StartsWith("/admin/workflows/")) return "outbound-delegation";
            if (pattern.Contains("{id:guid}") && !NamesRecord(pattern)) return "0198f0c2-0000-7000-8000-000000000000"; // nobody's
            if (pattern.StartsWith("/api/admin/users/") || pattern.StartsWith("/admin/users/")) return "no-such-account";
            return a ? f.ProposalA : f.ProposalB;
        }
        var url = pattern
            .Replace("{id:guid}", Id()).Replace("{id}", Id())
            .Replace("{attachmentId:guid}", "0198f0c2-0000-7000-8000-000000000001")
            .Replace("{fileId:guid}", "0198f0c2-0000-7000-8000-000000000001").Replace("{documentId:guid}", "0198f0c2-0000-7000-8000-000000000001")
            .Replace("{format}", "json").Replace("{version:int}", "1").Replace("{a:int}", "1").Replace("{b:int}", "1")
            .Replace("{date}", "2099-01-01").Replace("{token}", "no-such-token").Replace("{documentName}", "v1").Replace("{documentName?}", "")
            .Replace("{**path}", "").Replace("{code:int}", "404")
            .Replace("{department}", "MOST-VP").Replace("{year:int}", "2024").Replace("{country}", "CN");
        return url.Length > 1 ? url.TrimEnd('/') : url;
    }

    private static HttpContent? Body(string method, string pattern)
    {
        if (method is "GET" or "DELETE") return null;
        if (!pattern.StartsWith("/api/")) return new FormUrlEncodedContent([new("nothing", "here")]); // a page form without its token
        if (pattern.EndsWith("/attachments/")) return new MultipartFormDataContent { { new StringContent("photo"), "kind" } };
        // Complete: a rejection without the comment it needs.
        var json = pattern.EndsWith("/complete") ? """{"outcome":"reject"}""" : "{}";
        return new StringContent(json, Encoding.UTF8, "application/json");
    }

    [Fact]
    public async Task Every_endpoint_answers_every_role_with_the_exact_status_for_its_own_and_another_departments_records()
    {
        var fixture = await ArrangeAsync();
        var endpoints = Endpoints();
        var missing = endpoints.Where(e => !Rows.ContainsKey(e.Key)).Select(e => e.Key).ToList();
        var stale = Rows.Keys.Where(k => endpoints.All(e => e.Key != k)).ToList();

        var api = new Dictionary<string, HttpClient>();
        var pages = new Dictionary<string, HttpClient>();
        foreach (var caller in Callers)
        {
            if (caller == "anonymous")
            {
                api[caller] = App.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
                pages[caller] = App.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
                continue;
            }
            api[caller] = (await App.As(caller)).Http;
            pages[caller] = (await PageClient.SignInAsync(App, caller)).Http;
        }

        var actual = new Dictionary<string, string>();
        var wrong = new List<string>();
        foreach (var (key, method, pattern) in endpoints)
        {
            var cells = new List<string>();
            foreach (var caller in Callers)
            {
                var client = pattern.StartsWith("/api/") ? api[caller] : pages[caller];
                var statuses = new List<int>();
                foreach (var a in NamesRecord(pattern) ? new[] { true, false } : [true])
                {
                    using var request = new HttpRequestMessage(new HttpMethod(method), Url(pattern, fixture, a)) { Content = Body(method, pattern) };
                    using var response = await client.SendAsync(request);
                    statuses.Add((int)response.StatusCode);
                }
                cells.Add(string.Join("/", statuses));
            }
            actual[key] = string.Join(" ", cells.Select(c => c.PadRight(8)));
            if (Rows.TryGetValue(key, out var expected) && Normalize(expected) != Normalize(actual[key]))
                wrong.Add($"{key}\n   expected {Normalize(expected)}\n   actual   {Normalize(actual[key])}");
        }
        if (Environment.GetEnvironmentVariable("DELEGATIONS_MATRIX_PRINT") is { Length: > 0 } file)
            await File.WriteAllLinesAsync(file, actual.Select(kv => $"        [\"{kv.Key}\"] = \"{kv.Value.TrimEnd()}\","));

        Assert.True(missing.Count == 0, "Endpoints without a row in the authorization matrix (add one):\n" + string.Join("\n", missing));
        Assert.True(stale.Count == 0, "Rows for endpoints that no longer exist:\n" + string.Join("\n", stale));
        Assert.True(wrong.Count == 0, $"{wrong.Count} rows differ (columns: {string.Join(", ", Callers)}):\n" + string.Join("\n", wrong));

        // The matrix changed nothing: both proposals still wait for their department heads, no account was disabled.
        Assert.Equal("in_review", await Flow.StatusAsync(fixture.ProposalA));
        Assert.Equal("in_review", await Flow.StatusAsync(fixture.ProposalB));
        Assert.Equal(0, await App.Db(db => db.Users.CountAsync(u => u.IsDisabled)));
        Assert.Equal(2, await App.Db(db => db.Journal.CountAsync(j => j.Kind == "submitted")));
    }

    private static string Normalize(string row) => string.Join(" ", row.Split(' ', StringSplitOptions.RemoveEmptyEntries));
}
