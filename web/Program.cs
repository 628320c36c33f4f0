using ServiceGrid.Web.Api;
using ServiceGrid.Web.Board;
using ServiceGrid.Web.Field;
using ServiceGrid.Web.Hosting;
using ServiceGrid.Web.Reports;
using ServiceGrid.Web.Security;

if (PasswordTool.TryRun(args)) return;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceGrid();
builder.AddBoard();
builder.AddField();

var app = builder.Build();
app.UseServiceGrid();
app.MapTokenApi();
app.MapCaseApi();
app.MapOrganizationApi();
app.MapServiceApi();
app.MapAlertApi();
app.MapPartsApi();
app.MapReports();
app.MapDispatchApi();
app.MapVisitApi();
app.MapScheduleApi();
app.MapServiceGridHealth();
app.MapBoard();
app.MapServiceGridApiDocumentation();
app.MapServiceGridDashboard();
app.MapFieldApi();
app.MapCustomerCareApi();
app.MapSatisfactionReport();
app.Run();

/// <summary>Reachable from tests through <c>WebApplicationFactory&lt;Program&gt;</c>.</summary>
public partial class Program;
