namespace Everruns.AppHost;

internal static class AppHostUsage
{
    public const string Text = """
        Runs Everruns locally with .NET Aspire: PostgreSQL, the API, the web UI, the Aspire dashboard, and in Temporal mode
        a Temporal dev server and the worker.

        Usage: dotnet run --project Everruns.AppHost [-- options]

        Options (also as configuration: appsettings.json, environment variables such as Api__Port=9100, or --Api:Port=9100):
          --mode <inprocess|temporal>   AgentRunner:Mode (AGENT_RUNNER_MODE)   where runs execute (default inprocess)
          --api-port <port>             Api:Port              the API's port (default 9000)
          --ui-port <port>              Ui:Port               the web UI's port (default 3000)
          --no-ui                       Ui:Enabled=false      do not run the web UI
          --postgres <embedded|container>  Postgres:Server    embedded PostgreSQL 18 (default), or Aspire's container
          --postgres-port <port>        Postgres:Port         PostgreSQL's port (default: a free one)
                                        ConnectionStrings:everruns   use your PostgreSQL server instead
          --temporal-address <h:p>      Temporal:Address (TEMPORAL_ADDRESS)   a running Temporal server instead of the dev server
                                        Temporal:Port, Temporal:UiPort        the dev server's ports (7233, 8233)
                                        TEMPORAL_NAMESPACE, TEMPORAL_TASK_QUEUE
          --reset-data                  delete the data folder (databases) before starting
                                        EVERRUNS_HOME         folder of binaries (cache/) and data (data/)
        """;
}
