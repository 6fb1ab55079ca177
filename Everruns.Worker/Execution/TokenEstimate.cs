using Microsoft.Extensions.AI;

namespace Everruns.Worker.Execution;

/// <summary>
/// Token counts where the provider reported none: about four characters a token, the rule of thumb for the
/// tokenizers of current models on English text. Providers report usage at the end of a stream, so an answer cut
/// short by a cancellation never gets their count; its tokens are estimated instead of being recorded as nothing.
/// </summary>
public static class TokenEstimate
{
    public const int CharactersPerToken = 4;

    public static long Of(string text) => (text.Length + CharactersPerToken - 1) / CharactersPerToken;

    /// <summary>What a model call of <paramref name="turn"/> sends: its messages and its tools' declarations.</summary>
    public static long InputOf(RunTurn turn)
    {
        var characters = ConversationBuilder.Messages(turn).Sum(message => message.Contents.Sum(Characters));
        characters += turn.Tools.Sum(tool => tool.Name.Length + (tool.Description?.Length ?? 0) + (tool.Parameters?.GetRawText().Length ?? 0));
        return (characters + CharactersPerToken - 1) / CharactersPerToken;
    }

    private static long Characters(AIContent content) => content switch
    {
        TextContent text => text.Text.Length,
        FunctionCallContent call => call.Name.Length + (call.Arguments?.Sum(a => a.Key.Length + (a.Value?.ToString()?.Length ?? 0)) ?? 0),
        FunctionResultContent result => result.Result?.ToString()?.Length ?? 0,
        _ => 0,
    };
}
