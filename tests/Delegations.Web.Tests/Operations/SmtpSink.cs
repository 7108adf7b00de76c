using MimeKit;

namespace Delegations.Web.Tests.Operations;

/// <summary>
/// The real SMTP server scripts/test.sh starts (aiosmtpd with a Maildir): DELEGATIONS_TEST_SMTP_HOST, _PORT and _MAILDIR.
/// Tests that need it fail with a clear message when it is not configured.
/// </summary>
public sealed class SmtpSink
{
    private SmtpSink(string host, int port, string maildir)
    {
        Host = host;
        Port = port;
        Maildir = maildir;
    }

    public string Host { get; }
    public int Port { get; }
    public string Maildir { get; }

    /// <summary>App settings that send mail to this server.</summary>
    public IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Mail:Mode"] = "Smtp",
        ["Mail:Smtp:Host"] = Host,
        ["Mail:Smtp:Port"] = Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Mail:Smtp:Security"] = "None",
    };

    public static SmtpSink FromEnvironment()
    {
        var host = Environment.GetEnvironmentVariable("DELEGATIONS_TEST_SMTP_HOST");
        var port = Environment.GetEnvironmentVariable("DELEGATIONS_TEST_SMTP_PORT");
        var maildir = Environment.GetEnvironmentVariable("DELEGATIONS_TEST_SMTP_MAILDIR");
        if (string.IsNullOrWhiteSpace(host) || !int.TryParse(port, out var p) || string.IsNullOrWhiteSpace(maildir))
        {
            throw new InvalidOperationException(
                "DELEGATIONS_TEST_SMTP_HOST/PORT/MAILDIR are not set, so this SMTP test cannot run. Run scripts/test.sh (it starts " +
                "an aiosmtpd sink and sets them), or start one yourself: /usr/bin/python3 -m aiosmtpd -n -l 127.0.0.1:2526 " +
                "-c aiosmtpd.handlers.Mailbox <dir>.");
        }
        return new SmtpSink(host, p, maildir);
    }

    /// <summary>
    /// The Message-IDs received so far that are among <paramref name="wanted"/>, duplicates included; waits up to ten
    /// seconds for at least <paramref name="expected"/> of them.
    /// </summary>
    public async Task<List<string>> MessageIdsAsync(IReadOnlySet<string> wanted, int expected)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            var found = new List<string>();
            foreach (var dir in new[] { "new", "cur" }.Select(d => Path.Combine(Maildir, d)).Where(Directory.Exists))
            {
                foreach (var file in Directory.GetFiles(dir))
                {
                    await using var stream = File.OpenRead(file);
                    var headers = await HeaderList.LoadAsync(stream);
                    var id = headers[HeaderId.MessageId]?.Trim().Trim('<', '>');
                    if (id is not null && wanted.Contains(id)) found.Add(id);
                }
            }
            if (found.Count >= expected || DateTime.UtcNow > deadline) return found;
            await Task.Delay(200);
        }
    }
}
