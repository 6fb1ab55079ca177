using Microsoft.Extensions.AI;

namespace Everruns.Tests.Models;

/// <summary>Small helpers to build conversations and read streamed answers.</summary>
internal static class Chat
{
    public static List<ChatMessage> User(string text) => [new ChatMessage(ChatRole.User, text)];

    /// <summary>A text unique to the calling test, so that simulator <c>:once</c> cues never collide between tests.</summary>
    public static string Unique(string text) => $"{text} ({Guid.NewGuid():N})";

    public static async Task<List<ChatResponseUpdate>> CollectAsync(IAsyncEnumerable<ChatResponseUpdate> updates)
    {
        var list = new List<ChatResponseUpdate>();
        await foreach (var update in updates)
        {
            list.Add(update);
        }

        return list;
    }

    public static string Text(IEnumerable<ChatResponseUpdate> updates) => string.Concat(updates.Select(u => u.Text));

    public static UsageDetails? Usage(IEnumerable<ChatResponseUpdate> updates) =>
        updates.SelectMany(u => u.Contents).OfType<UsageContent>().LastOrDefault()?.Details;

    public static List<FunctionCallContent> Calls(IEnumerable<ChatResponseUpdate> updates) =>
        [.. updates.SelectMany(u => u.Contents).OfType<FunctionCallContent>()];

    public static int TextUpdates(IEnumerable<ChatResponseUpdate> updates) =>
        updates.Count(u => u.Contents.OfType<TextContent>().Any(t => t.Text.Length > 0));
}
