using System.Collections.Frozen;
using TraceLab.Policies.Language;

namespace TraceLab.Policies.Catalog;

/// <summary>The built-in policies, and the one place that turns a <c>--policy</c> value into a policy.</summary>
/// <remarks>
/// <para>
/// The built-ins are ordinary policy files (<c>src/Policies/Catalog/*.yaml</c>) embedded in this assembly, read and
/// compiled once, on first use; each is a shared, stateless instance. Names match exactly but without regard to case,
/// as PostgreSQL matches unquoted identifiers.
/// </para>
/// <para>
/// <see cref="Resolve(string)"/> takes what users type after <c>--policy</c>: a value that names an existing file, contains a
/// <c>/</c> (or <c>\</c>) or ends in <c>.yaml</c> or <c>.yml</c> is a path; anything else is a built-in name.
/// </para>
/// </remarks>
public static class PolicyCatalog
{
    /// <summary>The built-in policies in the order <c>tracelab policies list</c> shows them.</summary>
    private static readonly string[] Order =
    [
        "permissive",
        "ddl-needs-trusted-chain",
        "no-untrusted-code-as-superuser",
        "strict-trusted-chain",
        "strict-trusted-chain-membership",
        "strict-trusted-chain-infrastructure",
        "strict-trusted-chain-since-definer",
        "sandbox-untrusted",
    ];

    private static readonly Lazy<(IReadOnlyList<CatalogPolicy> All, FrozenDictionary<string, CatalogPolicy> ByName)> Loaded =
        new(Load, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Every built-in policy, in a stable order.</summary>
    public static IReadOnlyList<CatalogPolicy> BuiltIns => Loaded.Value.All;

    /// <summary>The names of <see cref="BuiltIns"/>.</summary>
    public static IReadOnlyList<string> Names => Order;

    /// <summary>The built-in policy called <paramref name="name"/>, or <c>null</c>.</summary>
    public static CatalogPolicy? Find(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return Loaded.Value.ByName.GetValueOrDefault(name.Trim());
    }

    /// <summary>The built-in policy called <paramref name="name"/>.</summary>
    /// <exception cref="PolicyNotFoundException">No built-in policy has that name.</exception>
    public static IPolicy Get(string name) => Find(name)?.Policy ?? throw PolicyNotFoundException.Unrecognized(name, Names);

    /// <summary>Whether <paramref name="value"/>, given to <c>--policy</c>, is a file path rather than a built-in name.</summary>
    public static bool IsPath(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return File.Exists(value)
               || value.Contains('/', StringComparison.Ordinal)
               || value.Contains('\\', StringComparison.Ordinal)
               || value.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase)
               || value.EndsWith(".yml", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The policy a <c>--policy</c> value means: the file it names, or the built-in policy of that name.</summary>
    /// <exception cref="PolicyFileException">The value is a path, and the file cannot be read or is not a valid policy file.</exception>
    /// <exception cref="PolicyNotFoundException">The value is a name no built-in policy has.</exception>
    public static IPolicy Resolve(string nameOrPath) => Resolve(nameOrPath, _ => { });

    /// <summary>The policy a <c>--policy</c> value means, passing each warning of its file (an old spelling) to
    /// <paramref name="warn"/> so the command can print it before it runs.</summary>
    /// <exception cref="PolicyFileException">The value is a path, and the file cannot be read or is not a valid policy file.</exception>
    /// <exception cref="PolicyNotFoundException">The value is a name no built-in policy has.</exception>
    public static IPolicy Resolve(string nameOrPath, Action<PolicyWarning> warn)
    {
        ArgumentNullException.ThrowIfNull(nameOrPath);
        ArgumentNullException.ThrowIfNull(warn);
        if (!IsPath(nameOrPath))
        {
            return Get(nameOrPath);
        }

        var definition = PolicyFile.ParseFile(nameOrPath);
        foreach (var warning in definition.Warnings)
        {
            warn(warning);
        }

        return PolicyFile.Compile(definition);
    }

    private static (IReadOnlyList<CatalogPolicy>, FrozenDictionary<string, CatalogPolicy>) Load()
    {
        var assembly = typeof(PolicyCatalog).Assembly;
        var all = new List<CatalogPolicy>();
        foreach (var name in Order)
        {
            var resource = $"TraceLab.Policies.Catalog.{name}.yaml";
            using var stream = assembly.GetManifestResourceStream(resource)
                               ?? throw new InvalidOperationException($"The built-in policy '{resource}' is not embedded.");
            using var reader = new StreamReader(stream);
            var definition = PolicyFile.Parse(reader.ReadToEnd(), $"catalog:{name}");
            if (definition.Name != name)
            {
                throw new InvalidOperationException($"The built-in policy file '{resource}' is called '{definition.Name}'.");
            }

            all.Add(new CatalogPolicy(definition, PolicyFile.Compile(definition)));
        }

        return (all, all.ToFrozenDictionary(p => p.Name, StringComparer.OrdinalIgnoreCase));
    }
}
