using ServiceGrid.Silo.Hosting;
using ServiceGrid.Web.Security;
using Orleans.Dashboard;

namespace ServiceGrid.Web.Hosting;

/// <summary>
/// Orleans' dashboard at <see cref="SecurityExtensions.DashboardPath"/>, for HQ only: 401 without a token, 403 for any
/// other role. Its page fetches its figures itself and cannot send a bearer header, so it also signs in with the
/// <see cref="SecurityExtensions.DashboardCookie"/> cookie that the HQ page sets from its token (<c>js/dashboard-link.js</c>):
/// the token itself, valid as long as the token, sent only to this path and never by another site (SameSite=Strict).
/// </summary>
public static class DashboardEndpoints
{
    public static WebApplication MapServiceGridDashboard(this WebApplication app)
    {
        if (GridDashboard.IsEnabled(app.Configuration))
            app.MapOrleansDashboard(SecurityExtensions.DashboardPath)
                .RequireAuthorization(policy => policy.RequireRole(Roles.Headquarters))
                .ExcludeFromDescription();
        return app;
    }
}
