using ServiceGrid.Web.Api;
using ServiceGrid.Web.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceGrid();

var app = builder.Build();
app.UseServiceGrid();
app.MapCaseApi();
app.MapOrganizationApi();
app.MapAlertApi();
app.MapServiceGridHealth();
app.Run();

/// <summary>Reachable from tests through <c>WebApplicationFactory&lt;Program&gt;</c>.</summary>
public partial class Program;
