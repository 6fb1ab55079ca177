using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Everruns.Worker.Models;

/// <summary>Compact JSON (the AI defaults indent), for tool arguments on the wire and in conversation keys.</summary>
internal static class SimulatorJson
{
    public static readonly JsonSerializerOptions Options = new(AIJsonUtilities.DefaultOptions) { WriteIndented = false };
}
