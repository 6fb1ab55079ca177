using Everruns.Api.Apis;
using Everruns.Api.Auth;
using Everruns.Api.Http;
using Everruns.Api.Mcp;
using Everruns.Data.Database;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddEverrunsDatabase("everruns");
builder.AddEverrunsHttp();
builder.AddEverrunsAuth();
builder.AddEverrunsRunner();
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
app.MapAgUiApi();
app.MapApiKeysApi();
app.MapEverrunsMcp();

app.Run();

// Lets the functional tests start the API with WebApplicationFactory<Program>.
public partial class Program;
