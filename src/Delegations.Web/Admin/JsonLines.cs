using System.Text;
using System.Text.Json;

namespace Delegations.Web.Admin;

/// <summary>
/// Where a JSON path (<c>$.steps[2].due</c>, as the validator names errors) is in a JSON text: its line (from 1), so
/// the editor can jump to it. A path to something missing falls back to its nearest existing parent.
/// </summary>
public static class JsonLines
{
    public static Dictionary<string, int> Map(string json)
    {
        var map = new Dictionary<string, int>(StringComparer.Ordinal);
        var bytes = Encoding.UTF8.GetBytes(json);
        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        var lineStarts = new List<long> { 0 };
        for (var i = 0; i < bytes.Length; i++) if (bytes[i] == (byte)'\n') lineStarts.Add(i + 1);
        int LineAt(long offset)
        {
            var index = lineStarts.BinarySearch(offset);
            return (index >= 0 ? index : ~index - 1) + 1;
        }

        // A stack of containers: for an object the pending property name, for an array the next index.
        var stack = new List<(bool IsArray, string Path, int Index, string? Property)>();
        string ValuePath()
        {
            if (stack.Count == 0) return "$";
            var top = stack[^1];
            return top.IsArray ? $"{top.Path}[{top.Index}]" : $"{top.Path}.{top.Property}";
        }
        void ValueDone()
        {
            if (stack.Count == 0) return;
            var top = stack[^1];
            if (top.IsArray) stack[^1] = top with { Index = top.Index + 1 };
        }
        try
        {
            while (reader.Read())
            {
                var line = LineAt(reader.TokenStartIndex);
                switch (reader.TokenType)
                {
                    case JsonTokenType.PropertyName:
                        var name = reader.GetString()!;
                        stack[^1] = stack[^1] with { Property = name };
                        map.TryAdd($"{stack[^1].Path}.{name}", line);
                        break;
                    case JsonTokenType.StartObject:
                    case JsonTokenType.StartArray:
                        var path = ValuePath();
                        map.TryAdd(path, line);
                        stack.Add((reader.TokenType == JsonTokenType.StartArray, path, 0, null));
                        break;
                    case JsonTokenType.EndObject:
                    case JsonTokenType.EndArray:
                        stack.RemoveAt(stack.Count - 1);
                        ValueDone();
                        break;
                    default:
                        map.TryAdd(ValuePath(), line);
                        ValueDone();
                        break;
                }
            }
        }
        catch (JsonException)
        {
            // Not valid JSON: what was read so far still helps.
        }
        return map;
    }

    /// <summary>The line of <paramref name="path"/>, or of its nearest parent that exists; null when the text is not JSON at all.</summary>
    public static int? LineOf(IReadOnlyDictionary<string, int> map, string path)
    {
        for (var p = path; p.Length > 0; p = Parent(p))
        {
            if (map.TryGetValue(p, out var line)) return line;
            if (p == "$") break;
        }
        return null;
    }

    private static string Parent(string path)
    {
        var cut = Math.Max(path.LastIndexOf('.'), path.LastIndexOf('['));
        return cut <= 0 ? "$" : path[..cut];
    }
}
