using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Delegations.Bench.Load;

/// <summary>The published application (Release) as its own process on a loopback port: what users run.</summary>
public sealed class AppProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StreamWriter _log;

    private AppProcess(Process process, StreamWriter log, int port)
    {
        _process = process;
        _log = log;
        Port = port;
        BaseAddress = new Uri($"http://127.0.0.1:{port}");
    }

    public int Port { get; }
    public Uri BaseAddress { get; }
    public int Pid => _process.Id;
    public TimeSpan TimeToFirst200 { get; private set; }

    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Delegations.sln"))) return dir.FullName;
        throw new InvalidOperationException("Run from the repository (Delegations.sln not found above " + AppContext.BaseDirectory + ").");
    }

    /// <summary><c>dotnet publish -c Release</c> of the app into a folder of its own (incremental after the first time).</summary>
    public static async Task<string> PublishAsync()
    {
        var output = Path.Combine(Path.GetTempPath(), "delegations-bench", "published-app");
        var project = Path.Combine(RepositoryRoot(), "src", "Delegations.Web", "Delegations.Web.csproj");
        Console.WriteLine($"Publishing the app (Release) to {output} …");
        var sw = Stopwatch.StartNew();
        await Shell.RunAsync("dotnet", ["publish", project, "-c", "Release", "-o", output, "-nologo", "-v:q", "-clp:ErrorsOnly"]);
        Console.WriteLine($"  published in {sw.Elapsed.TotalSeconds:0} s");
        return output;
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>
    /// Starts <c>dotnet Delegations.Web.dll</c> with the publish folder as content root and waits for the first 200
    /// on <paramref name="probe"/> (the clock runs from just before the process starts).
    /// </summary>
    public static async Task<AppProcess> StartAsync(string appDir, IReadOnlyDictionary<string, string> settings, string logPath, string probe = "/openapi/v1.json", string environment = "Development")
    {
        var port = FreePort();
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = appDir,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Path.Combine(appDir, "Delegations.Web.dll"));
        info.ArgumentList.Add("--urls");
        info.ArgumentList.Add($"http://127.0.0.1:{port}");
        info.Environment["ASPNETCORE_ENVIRONMENT"] = environment;
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        foreach (var (key, value) in settings) info.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;

        Directory.CreateDirectory(Path.GetDirectoryName(logPath)!);
        var log = new StreamWriter(logPath, append: true) { AutoFlush = true };
        var sw = Stopwatch.StartNew();
        var process = Process.Start(info) ?? throw new InvalidOperationException("dotnet did not start.");
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.WriteLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.WriteLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var app = new AppProcess(process, log, port);

        using var http = new HttpClient { BaseAddress = app.BaseAddress, Timeout = TimeSpan.FromSeconds(10) };
        while (true)
        {
            if (process.HasExited) throw new InvalidOperationException($"The app exited with {process.ExitCode} before answering; see {logPath}.");
            if (sw.Elapsed > TimeSpan.FromMinutes(5)) throw new TimeoutException($"The app did not answer within 5 minutes; see {logPath}.");
            try
            {
                using var response = await http.GetAsync(probe);
                if (response.StatusCode == HttpStatusCode.OK) break;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            await Task.Delay(10);
        }
        app.TimeToFirst200 = sw.Elapsed;
        return app;
    }

    /// <summary>Resident set size of the process (VmRSS), in bytes.</summary>
    public long RssBytes()
    {
        var line = File.ReadLines($"/proc/{_process.Id}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) * 1024;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            // SIGTERM: the app shuts down as in production (Hangfire server, Kestrel).
            await Shell.RunAsync("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)], check: false);
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            try { await _process.WaitForExitAsync(wait.Token); }
            catch (OperationCanceledException) { _process.Kill(entireProcessTree: true); }
        }
        _process.Dispose();
        await _log.DisposeAsync();
    }
}

public static class Shell
{
    public static async Task<string> RunAsync(string file, IEnumerable<string> args, bool check = true, string? workingDirectory = null)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (workingDirectory is not null) info.WorkingDirectory = workingDirectory;
        foreach (var a in args) info.ArgumentList.Add(a);
        using var process = Process.Start(info) ?? throw new InvalidOperationException(file + " did not start.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (check && process.ExitCode != 0)
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} failed ({process.ExitCode}):\n{await stdout}\n{await stderr}");
        return await stdout;
    }
}
