// Reads and writes the few Engine API JSON shapes by hand (JsonTokenizer, a string builder).
// Why not System.Text.Json: its first use costs ~15 ms of start-up, and a crashcart session must
// start faster than `docker exec`. Unknown fields are skipped; malformed input is InvalidDataException.
using System.Globalization;
using System.Text;

namespace Crashcart.Docker;

public static class DockerJson
{
    public static ContainerSummary[] ReadContainerList(ReadOnlySpan<byte> json)
    {
        var r = new JsonTokenizer(json);
        Expect(ref r, JsonToken.StartArray);
        var list = new List<ContainerSummary>();
        while (r.Next() != JsonToken.EndArray)
        {
            Require(ref r, JsonToken.StartObject);
            string id = "", image = "", state = "", status = "";
            string[] names = [];
            while (NextProperty(ref r))
            {
                if (r.NameIs("Id"u8)) id = ReadString(ref r) ?? "";
                else if (r.NameIs("Names"u8)) names = ReadStringArray(ref r) ?? [];
                else if (r.NameIs("Image"u8)) image = ReadString(ref r) ?? "";
                else if (r.NameIs("State"u8)) state = ReadString(ref r) ?? "";
                else if (r.NameIs("Status"u8)) status = ReadString(ref r) ?? "";
                else r.Skip();
            }
            list.Add(new ContainerSummary { Id = id, Names = names, Image = image, State = state, Status = status });
        }
        ExpectEnd(ref r);
        return [.. list];
    }

    public static ContainerDetails ReadContainerDetails(ReadOnlySpan<byte> json)
    {
        var r = new JsonTokenizer(json);
        Expect(ref r, JsonToken.StartObject);
        string id = "", name = "";
        var state = new ContainerStateInfo();
        var config = new ContainerConfigInfo();
        while (NextProperty(ref r))
        {
            if (r.NameIs("Id"u8)) id = ReadString(ref r) ?? "";
            else if (r.NameIs("Name"u8)) name = ReadString(ref r) ?? "";
            else if (r.NameIs("State"u8)) state = ReadState(ref r);
            else if (r.NameIs("Config"u8)) config = ReadConfig(ref r);
            else r.Skip();
        }
        ExpectEnd(ref r);
        return new ContainerDetails { Id = id, Name = name, State = state, Config = config };
    }

    public static ExecDetails ReadExecDetails(ReadOnlySpan<byte> json)
    {
        var r = new JsonTokenizer(json);
        Expect(ref r, JsonToken.StartObject);
        string id = "";
        bool running = false;
        int? exitCode = null;
        int pid = 0;
        while (NextProperty(ref r))
        {
            if (r.NameIs("ID"u8)) id = ReadString(ref r) ?? "";
            else if (r.NameIs("Running"u8)) running = ReadBool(ref r);
            else if (r.NameIs("ExitCode"u8)) exitCode = ReadNullableInt(ref r);
            else if (r.NameIs("Pid"u8)) pid = ReadNullableInt(ref r) ?? 0;
            else r.Skip();
        }
        ExpectEnd(ref r);
        return new ExecDetails { Id = id, Running = running, ExitCode = exitCode, Pid = pid };
    }

    /// <summary>{"Id": "..."} as answered by exec create.</summary>
    public static string ReadId(ReadOnlySpan<byte> json)
    {
        var r = new JsonTokenizer(json);
        Expect(ref r, JsonToken.StartObject);
        string? id = null;
        while (NextProperty(ref r))
        {
            if (r.NameIs("Id"u8)) id = ReadString(ref r);
            else r.Skip();
        }
        return string.IsNullOrEmpty(id) ? throw new InvalidDataException("JSON: no \"Id\" in the answer") : id;
    }

    /// <summary>The daemon's error text from {"message": "..."}, or null when the body is not that.</summary>
    public static string? ReadErrorMessage(ReadOnlySpan<byte> json)
    {
        try
        {
            var r = new JsonTokenizer(json);
            Expect(ref r, JsonToken.StartObject);
            string? message = null;
            while (NextProperty(ref r))
            {
                if (r.NameIs("message"u8)) message = ReadString(ref r);
                else r.Skip();
            }
            return message;
        }
        catch (InvalidDataException)
        {
            return null;
        }
    }

    public static byte[] WriteExecCreate(ExecCreateRequest request)
    {
        var sb = new StringBuilder(256);
        sb.Append("{\"AttachStdin\":").Append(Bool(request.AttachStdin))
          .Append(",\"AttachStdout\":").Append(Bool(request.AttachStdout))
          .Append(",\"AttachStderr\":").Append(Bool(request.AttachStderr))
          .Append(",\"Tty\":").Append(Bool(request.Tty))
          .Append(",\"Cmd\":");
        AppendArray(sb, request.Cmd);
        if (request.Env != null)
        {
            sb.Append(",\"Env\":");
            AppendArray(sb, request.Env);
        }
        if (request.User != null) AppendString(sb.Append(",\"User\":"), request.User);
        if (request.WorkingDir != null) AppendString(sb.Append(",\"WorkingDir\":"), request.WorkingDir);
        if (request.ConsoleSize is [var rows, var columns])
            sb.Append(",\"ConsoleSize\":[").Append(rows).Append(',').Append(columns).Append(']');
        sb.Append('}');
        return Encoding.UTF8.GetBytes(sb.ToString());
    }

    public static byte[] WriteExecStart(bool tty) =>
        tty ? """{"Detach":false,"Tty":true}"""u8.ToArray() : """{"Detach":false,"Tty":false}"""u8.ToArray();

    private static string Bool(bool b) => b ? "true" : "false";

    private static void AppendArray(StringBuilder sb, IReadOnlyList<string> items)
    {
        sb.Append('[');
        for (int i = 0; i < items.Count; i++)
        {
            if (i > 0) sb.Append(',');
            AppendString(sb, items[i]);
        }
        sb.Append(']');
    }

    /// <summary>A JSON string literal: quotes, backslashes and control characters escaped; the rest as is (UTF-8 later).</summary>
    internal static void AppendString(StringBuilder sb, string s)
    {
        sb.Append('"');
        foreach (char c in s)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                default:
                    // Control characters must be escaped. Lone surrogates need nothing: the UTF-8
                    // encoding turns them into U+FFFD, as any JSON reader would.
                    if (c < 0x20) sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    else sb.Append(c);
                    break;
            }
        }
        sb.Append('"');
    }

    private static ContainerStateInfo ReadState(ref JsonTokenizer r)
    {
        if (r.Next() == JsonToken.Null) return new ContainerStateInfo();
        Require(ref r, JsonToken.StartObject);
        string status = "";
        bool running = false, paused = false;
        int pid = 0, exitCode = 0;
        while (NextProperty(ref r))
        {
            if (r.NameIs("Status"u8)) status = ReadString(ref r) ?? "";
            else if (r.NameIs("Running"u8)) running = ReadBool(ref r);
            else if (r.NameIs("Paused"u8)) paused = ReadBool(ref r);
            else if (r.NameIs("Pid"u8)) pid = ReadNullableInt(ref r) ?? 0;
            else if (r.NameIs("ExitCode"u8)) exitCode = ReadNullableInt(ref r) ?? 0;
            else r.Skip();
        }
        return new ContainerStateInfo { Status = status, Running = running, Paused = paused, Pid = pid, ExitCode = exitCode };
    }

    private static ContainerConfigInfo ReadConfig(ref JsonTokenizer r)
    {
        if (r.Next() == JsonToken.Null) return new ContainerConfigInfo();
        Require(ref r, JsonToken.StartObject);
        string[]? env = null;
        string? user = null, workDir = null;
        bool tty = false;
        while (NextProperty(ref r))
        {
            if (r.NameIs("Env"u8)) env = ReadStringArray(ref r);
            else if (r.NameIs("User"u8)) user = ReadString(ref r);
            else if (r.NameIs("WorkingDir"u8)) workDir = ReadString(ref r);
            else if (r.NameIs("Tty"u8)) tty = ReadBool(ref r);
            else r.Skip();
        }
        return new ContainerConfigInfo { Env = env, User = user, WorkingDir = workDir, Tty = tty };
    }

    // The helpers below leave the tokenizer on the last token of the value they consumed.

    private static void Expect(ref JsonTokenizer r, JsonToken token)
    {
        r.Next();
        Require(ref r, token);
    }

    private static void ExpectEnd(ref JsonTokenizer r)
    {
        if (r.Read()) throw new InvalidDataException($"JSON: unexpected {r.Token} after the value");
    }

    private static void Require(ref JsonTokenizer r, JsonToken token)
    {
        if (r.Token != token) throw new InvalidDataException($"JSON: expected {token}, found {r.Token}");
    }

    /// <summary>Moves to the next property name of the current object; false at its end.</summary>
    private static bool NextProperty(ref JsonTokenizer r)
    {
        if (r.Next() == JsonToken.EndObject) return false;
        Require(ref r, JsonToken.PropertyName);
        return true;
    }

    private static string? ReadString(ref JsonTokenizer r) => r.Next() switch
    {
        JsonToken.String => r.GetString(),
        JsonToken.Null => null,
        var t => throw new InvalidDataException($"JSON: expected a string, found {t}"),
    };

    private static bool ReadBool(ref JsonTokenizer r) => r.Next() switch
    {
        JsonToken.True => true,
        JsonToken.False or JsonToken.Null => false,
        var t => throw new InvalidDataException($"JSON: expected true/false, found {t}"),
    };

    private static int? ReadNullableInt(ref JsonTokenizer r) => r.Next() switch
    {
        JsonToken.Number => r.GetInt32(),
        JsonToken.Null => null,
        var t => throw new InvalidDataException($"JSON: expected a number, found {t}"),
    };

    private static string[]? ReadStringArray(ref JsonTokenizer r)
    {
        if (r.Next() == JsonToken.Null) return null;
        Require(ref r, JsonToken.StartArray);
        var items = new List<string>();
        while (r.Next() != JsonToken.EndArray)
        {
            Require(ref r, JsonToken.String);
            items.Add(r.GetString());
        }
        return [.. items];
    }
}
