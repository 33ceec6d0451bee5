// Reads and writes the few Engine API JSON shapes with Utf8JsonReader/Utf8JsonWriter directly.
// Why not JsonSerializer (even source-generated): its first use costs tens of milliseconds of
// start-up, and a crashcart session must start faster than `docker exec`. Unknown fields are skipped.
using System.Text.Json;

namespace Crashcart.Docker;

public static class DockerJson
{
    /// <exception cref="JsonException">Not the expected shape.</exception>
    public static ContainerSummary[] ReadContainerList(ReadOnlySpan<byte> json)
    {
        var r = new Utf8JsonReader(json);
        Expect(ref r, JsonTokenType.StartArray);
        var list = new List<ContainerSummary>();
        while (Next(ref r) != JsonTokenType.EndArray)
        {
            Require(ref r, JsonTokenType.StartObject);
            string id = "", image = "", state = "", status = "";
            string[] names = [];
            while (NextProperty(ref r) is { } name)
            {
                switch (name)
                {
                    case "Id": id = ReadString(ref r) ?? ""; break;
                    case "Names": names = ReadStringArray(ref r) ?? []; break;
                    case "Image": image = ReadString(ref r) ?? ""; break;
                    case "State": state = ReadString(ref r) ?? ""; break;
                    case "Status": status = ReadString(ref r) ?? ""; break;
                    default: r.Skip(); break;
                }
            }
            list.Add(new ContainerSummary { Id = id, Names = names, Image = image, State = state, Status = status });
        }
        return [.. list];
    }

    public static ContainerDetails ReadContainerDetails(ReadOnlySpan<byte> json)
    {
        var r = new Utf8JsonReader(json);
        Expect(ref r, JsonTokenType.StartObject);
        string id = "", name = "";
        var state = new ContainerStateInfo();
        var config = new ContainerConfigInfo();
        while (NextProperty(ref r) is { } prop)
        {
            switch (prop)
            {
                case "Id": id = ReadString(ref r) ?? ""; break;
                case "Name": name = ReadString(ref r) ?? ""; break;
                case "State": state = ReadState(ref r); break;
                case "Config": config = ReadConfig(ref r); break;
                default: r.Skip(); break;
            }
        }
        return new ContainerDetails { Id = id, Name = name, State = state, Config = config };
    }

    public static ExecDetails ReadExecDetails(ReadOnlySpan<byte> json)
    {
        var r = new Utf8JsonReader(json);
        Expect(ref r, JsonTokenType.StartObject);
        string id = "";
        bool running = false;
        int? exitCode = null;
        int pid = 0;
        while (NextProperty(ref r) is { } prop)
        {
            switch (prop)
            {
                case "ID": id = ReadString(ref r) ?? ""; break;
                case "Running": running = ReadBool(ref r); break;
                case "ExitCode": exitCode = ReadNullableInt(ref r); break;
                case "Pid": pid = ReadNullableInt(ref r) ?? 0; break;
                default: r.Skip(); break;
            }
        }
        return new ExecDetails { Id = id, Running = running, ExitCode = exitCode, Pid = pid };
    }

    /// <summary>{"Id": "..."} as answered by exec create.</summary>
    public static string ReadId(ReadOnlySpan<byte> json)
    {
        var r = new Utf8JsonReader(json);
        Expect(ref r, JsonTokenType.StartObject);
        string? id = null;
        while (NextProperty(ref r) is { } prop)
        {
            if (prop == "Id") id = ReadString(ref r);
            else r.Skip();
        }
        return string.IsNullOrEmpty(id) ? throw new JsonException("no \"Id\" in the answer") : id;
    }

    /// <summary>The daemon's error text from {"message": "..."}, or null when the body is not that.</summary>
    public static string? ReadErrorMessage(ReadOnlySpan<byte> json)
    {
        try
        {
            var r = new Utf8JsonReader(json);
            Expect(ref r, JsonTokenType.StartObject);
            string? message = null;
            while (NextProperty(ref r) is { } prop)
            {
                if (prop == "message") message = ReadString(ref r);
                else r.Skip();
            }
            return message;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public static byte[] WriteExecCreate(ExecCreateRequest request)
    {
        var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteBoolean("AttachStdin", request.AttachStdin);
            w.WriteBoolean("AttachStdout", request.AttachStdout);
            w.WriteBoolean("AttachStderr", request.AttachStderr);
            w.WriteBoolean("Tty", request.Tty);
            WriteArray(w, "Cmd", request.Cmd);
            if (request.Env != null) WriteArray(w, "Env", request.Env);
            if (request.User != null) w.WriteString("User", request.User);
            if (request.WorkingDir != null) w.WriteString("WorkingDir", request.WorkingDir);
            w.WriteEndObject();
        }
        return buffer.ToArray();
    }

    public static byte[] WriteExecStart(bool tty) =>
        tty ? """{"Detach":false,"Tty":true}"""u8.ToArray() : """{"Detach":false,"Tty":false}"""u8.ToArray();

    private static void WriteArray(Utf8JsonWriter w, string name, IReadOnlyList<string> items)
    {
        w.WriteStartArray(name);
        foreach (var item in items) w.WriteStringValue(item);
        w.WriteEndArray();
    }

    private static ContainerStateInfo ReadState(ref Utf8JsonReader r)
    {
        if (Next(ref r) == JsonTokenType.Null) return new ContainerStateInfo();
        Require(ref r, JsonTokenType.StartObject);
        string status = "";
        bool running = false, paused = false;
        int pid = 0, exitCode = 0;
        while (NextProperty(ref r) is { } prop)
        {
            switch (prop)
            {
                case "Status": status = ReadString(ref r) ?? ""; break;
                case "Running": running = ReadBool(ref r); break;
                case "Paused": paused = ReadBool(ref r); break;
                case "Pid": pid = ReadNullableInt(ref r) ?? 0; break;
                case "ExitCode": exitCode = ReadNullableInt(ref r) ?? 0; break;
                default: r.Skip(); break;
            }
        }
        return new ContainerStateInfo { Status = status, Running = running, Paused = paused, Pid = pid, ExitCode = exitCode };
    }

    private static ContainerConfigInfo ReadConfig(ref Utf8JsonReader r)
    {
        if (Next(ref r) == JsonTokenType.Null) return new ContainerConfigInfo();
        Require(ref r, JsonTokenType.StartObject);
        string[]? env = null;
        string? user = null, workDir = null;
        bool tty = false;
        while (NextProperty(ref r) is { } prop)
        {
            switch (prop)
            {
                case "Env": env = ReadStringArray(ref r); break;
                case "User": user = ReadString(ref r); break;
                case "WorkingDir": workDir = ReadString(ref r); break;
                case "Tty": tty = ReadBool(ref r); break;
                default: r.Skip(); break;
            }
        }
        return new ContainerConfigInfo { Env = env, User = user, WorkingDir = workDir, Tty = tty };
    }

    // The reader helpers below leave the reader on the last token of the value they consumed.

    private static JsonTokenType Next(ref Utf8JsonReader r) =>
        r.Read() ? r.TokenType : throw new JsonException("unexpected end of JSON");

    private static void Expect(ref Utf8JsonReader r, JsonTokenType type)
    {
        Next(ref r);
        Require(ref r, type);
    }

    private static void Require(ref Utf8JsonReader r, JsonTokenType type)
    {
        if (r.TokenType != type) throw new JsonException($"expected {type}, found {r.TokenType} at byte {r.TokenStartIndex}");
    }

    /// <summary>Moves to the next property name of the current object (reader then sits on it); null at its end.</summary>
    private static string? NextProperty(ref Utf8JsonReader r)
    {
        if (Next(ref r) == JsonTokenType.EndObject) return null;
        Require(ref r, JsonTokenType.PropertyName);
        return r.GetString();
    }

    private static string? ReadString(ref Utf8JsonReader r) => Next(ref r) switch
    {
        JsonTokenType.String => r.GetString(),
        JsonTokenType.Null => null,
        var t => throw new JsonException($"expected a string, found {t}"),
    };

    private static bool ReadBool(ref Utf8JsonReader r) => Next(ref r) switch
    {
        JsonTokenType.True => true,
        JsonTokenType.False or JsonTokenType.Null => false,
        var t => throw new JsonException($"expected true/false, found {t}"),
    };

    private static int? ReadNullableInt(ref Utf8JsonReader r) => Next(ref r) switch
    {
        JsonTokenType.Number => r.GetInt32(),
        JsonTokenType.Null => null,
        var t => throw new JsonException($"expected a number, found {t}"),
    };

    private static string[]? ReadStringArray(ref Utf8JsonReader r)
    {
        if (Next(ref r) == JsonTokenType.Null) return null;
        Require(ref r, JsonTokenType.StartArray);
        var items = new List<string>();
        while (Next(ref r) != JsonTokenType.EndArray)
        {
            Require(ref r, JsonTokenType.String);
            items.Add(r.GetString()!);
        }
        return [.. items];
    }
}
