using System.Runtime.InteropServices;

namespace Delegations.Bench;

/// <summary>What the figures were measured on: printed above every table and copied into bench/README.md.</summary>
public static class Machine
{
    /// <summary>The 1, 5 and 15 minute load averages: above the core count, other work shared the CPUs with the benchmark.</summary>
    public static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(" / ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    public static string Describe()
    {
        var cpu = "unknown CPU";
        var memory = "";
        try
        {
            cpu = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? cpu;
            var kb = File.ReadLines("/proc/meminfo").First(l => l.StartsWith("MemTotal:", StringComparison.Ordinal))
                .Split(' ', StringSplitOptions.RemoveEmptyEntries)[1];
            memory = $", {long.Parse(kb, System.Globalization.CultureInfo.InvariantCulture) / 1024 / 1024.0:0.#} GiB memory";
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
        var os = File.Exists("/etc/os-release")
            ? File.ReadLines("/etc/os-release").FirstOrDefault(l => l.StartsWith("PRETTY_NAME=", StringComparison.Ordinal))?.Split('=', 2)[1].Trim('"')
            : null;
        return $"{DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC; {cpu}, {Environment.ProcessorCount} cores{memory}; {os ?? RuntimeInformation.OSDescription} ({RuntimeInformation.OSArchitecture}); {RuntimeInformation.FrameworkDescription}";
    }
}
