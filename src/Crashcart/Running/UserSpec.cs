// --user USER[:GROUP] resolved against the container's /etc/passwd and /etc/group: names or
// numbers; a user's primary group and supplementary groups as docker exec would set them.
namespace Crashcart.Running;

public sealed record ResolvedUser(uint Uid, uint Gid, IReadOnlyList<uint> Groups, string? Home);

public static class UserSpec
{
    public static ResolvedUser Resolve(string spec, string? passwd, string? group)
    {
        if (string.IsNullOrWhiteSpace(spec)) throw new CrashcartException("--user: empty");
        var parts = spec.Split(':', 2);
        string userPart = parts[0];
        string? groupPart = parts.Length > 1 ? parts[1] : null;
        var users = ParseTable(passwd);
        var groups = ParseTable(group);

        string[]? pw = uint.TryParse(userPart, out var numericUid)
            ? users.FirstOrDefault(f => f.Length > 3 && f[2] == userPart)
            : users.FirstOrDefault(f => f[0] == userPart);
        uint uid;
        if (uint.TryParse(userPart, out numericUid)) uid = numericUid;
        else if (pw != null && pw.Length > 3 && uint.TryParse(pw[2], out var u)) uid = u;
        else throw new CrashcartException($"--user {spec}: no user '{userPart}' in the container's /etc/passwd");

        uint gid;
        if (groupPart == null)
            gid = pw != null && pw.Length > 3 && uint.TryParse(pw[3], out var g) ? g : 0;
        else if (uint.TryParse(groupPart, out var ng)) gid = ng;
        else
        {
            var gr = groups.FirstOrDefault(f => f[0] == groupPart);
            if (gr == null || gr.Length < 3 || !uint.TryParse(gr[2], out gid))
                throw new CrashcartException($"--user {spec}: no group '{groupPart}' in the container's /etc/group");
        }

        var supplementary = new List<uint> { gid };
        string? userName = pw?[0];
        if (groupPart == null && userName != null)
            foreach (var gr in groups)
                if (gr.Length > 3 && uint.TryParse(gr[2], out var id) && !supplementary.Contains(id) &&
                    gr[3].Split(',', StringSplitOptions.RemoveEmptyEntries).Contains(userName))
                    supplementary.Add(id);
        string? home = pw != null && pw.Length > 5 && pw[5].Length > 0 ? pw[5] : null;
        return new ResolvedUser(uid, gid, supplementary, home);
    }

    private static List<string[]> ParseTable(string? text) =>
        (text ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Where(l => !l.StartsWith('#')).Select(l => l.Trim('\r').Split(':')).Where(f => f.Length >= 3).ToList();
}
