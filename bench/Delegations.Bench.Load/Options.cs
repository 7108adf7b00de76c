namespace Delegations.Bench.Load;

/// <summary>Command-line options: <c>--name value</c> and flags.</summary>
public sealed class Options(string[] args)
{
    public bool Has(string flag) => args.Contains(flag);

    public string? Value(string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    public int Int(string name, int fallback) => Value(name) is { } v ? int.Parse(v, System.Globalization.CultureInfo.InvariantCulture) : fallback;
}
