using System.Text.Json;

namespace Everruns.Worker.Tools;

/// <summary>What the model is told about a built-in tool: its name, description and JSON schema of its arguments.</summary>
public sealed record BuiltinToolDescriptor(string Name, string Description, JsonElement Parameters)
{
    public static BuiltinToolDescriptor Create(string name, string description, string parametersSchema)
    {
        using var schema = JsonDocument.Parse(parametersSchema);
        return new BuiltinToolDescriptor(name, description, schema.RootElement.Clone());
    }
}
