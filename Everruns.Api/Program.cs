using Everruns.Api.Apis;
using Everruns.Api.Auth;
using Everruns.Api.Http;
using Everruns.Api.Mcp;
using Everruns.Api.Schedules;
using Everruns.Data.Database;
using Everruns.Worker.Webhooks;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddEverrunsDatabase("everruns");
builder.AddEverrunsHttp();
builder.AddEverrunsAuth();
builder.AddEverrunsRunner();
builder.AddCompletionWebhookDelivery();
builder.AddEverrunsSchedules();
builder.AddEverrunsOpenApi();
builder.AddEverrunsMcpServer();

var app = builder.Build();

app.UseEverrunsHttp();
app.UseEverrunsAuth();
app.MapDefaultEndpoints();
app.MapEverrunsOpenApi();

app.MapAgentsApi();
app.MapThreadsApi();
app.MapRunsApi();
app.MapRunEventsApi();
app.MapApprovalsApi();
app.MapWebhookDeliveriesApi();
app.MapAgUiApi();
app.MapApiKeysApi();
app.MapSchedulesApi();
app.MapEverrunsMcp();

app.Run();

// Lets the functional tests start the API with WebApplicationFactory<Program>.
public partial class Program;
