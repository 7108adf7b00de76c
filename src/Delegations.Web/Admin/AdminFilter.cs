using Delegations.Web.Accounts;
using Delegations.Web.Infrastructure;

namespace Delegations.Web.Admin;

public static class AdminFilter
{
    /// <summary>Admins only, checked against the database (a role removed a minute ago counts): 403 for anyone else.</summary>
    public static async ValueTask<object?> AdminOnly(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var user = await context.HttpContext.RequestServices.GetRequiredService<CurrentUser>().GetAsync(context.HttpContext.RequestAborted);
        if (!user.IsAdmin) throw AppProblemException.Forbidden("This is for administrators.");
        return await next(context);
    }
}
