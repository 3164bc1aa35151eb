using System.Reflection;
using Mono.Cecil;
using Mono.Cecil.Cil;

namespace LeadRouting.Tests;

/// <summary>
/// Keeps the fast tier fast and free of installs: every test class that starts a browser, an app process, a
/// PostgreSQL or Redis server or a tmpfs, itself or through a fixture or helper of this assembly, carries
/// <see cref="SlowAttribute"/>. Read from the compiled test assembly (its IL, through Mono.Cecil), so a new test
/// cannot slip into <c>scripts/test.sh --fast</c> by forgetting the attribute.
/// </summary>
public sealed class TierTests
{
    /// <summary>The test assembly's own starters of things outside the test process.</summary>
    private static readonly Dictionary<string, string> Starters = new(StringComparer.Ordinal)
    {
        [typeof(EndToEnd.AppProcess).FullName!] = "starts the app as a process",
        [typeof(ScaleOut.PostgresServer).FullName!] = "starts PostgreSQL",
        [typeof(ScaleOut.RedisServer).FullName!] = "starts Redis",
        [typeof(EndToEnd.SmallTmpfs).FullName!] = "mounts a tmpfs",
    };

    [Fact]
    public void Every_test_class_that_starts_a_browser_a_process_a_server_or_a_tmpfs_is_in_the_slow_tier()
    {
        var why = SlowTypes();
        var assembly = typeof(TierTests).Assembly;
        var missing = assembly.GetTypes()
            .Where(IsTestClass)
            .Where(type => why.ContainsKey(CecilName(type)) && type.GetCustomAttribute<SlowAttribute>() is null)
            .Select(type => $"{type.FullName}: {why[CecilName(type)]}")
            .Order(StringComparer.Ordinal)
            .ToList();

        Assert.True(missing.Count == 0, "Mark these test classes [Slow(…)] (scripts/test.sh --fast must not run them):\n" + string.Join("\n", missing));
    }

    [Fact]
    public void The_reading_finds_what_the_slow_tier_is_made_of()
    {
        // A guard on the guard: were the IL reading blind (say, to async state machines), the test above would pass
        // for every class.
        var why = SlowTypes();
        Assert.Contains(CecilName(typeof(EndToEnd.InboxBoardBrowserTests)), why.Keys);
        Assert.Contains(CecilName(typeof(ScaleOut.ClusterTests)), why.Keys);
        Assert.Contains(CecilName(typeof(EndToEnd.ProductionStartTests.Defaults)), why.Keys);
        Assert.DoesNotContain(CecilName(typeof(Api.LeadsApiTests)), why.Keys);
        Assert.DoesNotContain(CecilName(typeof(TierTests)), why.Keys);
    }

    private static bool IsTestClass(Type type) =>
        type is { IsClass: true, IsAbstract: false } &&
        type.GetMethods().Any(method => method.GetCustomAttributes<FactAttribute>(inherit: true).Any());

    /// <summary>Cecil writes nested types as Outer/Inner.</summary>
    private static string CecilName(Type type) => type.FullName!.Replace('+', '/');

    /// <summary>
    /// Every type of the test assembly that starts something outside the process, with the first reason found. A type
    /// counts with the compiler-generated types inside it (async state machines, lambdas), and it is slow when its
    /// code touches a starter or Playwright, or touches, derives from or takes in its constructor another slow type.
    /// </summary>
    private static Dictionary<string, string> SlowTypes()
    {
        using var module = ModuleDefinition.ReadModule(typeof(TierTests).Assembly.Location);
        var uses = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        var why = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var type in module.GetTypes().Where(t => !IsCompilerGenerated(t)))
        {
            var used = uses[type.FullName] = new HashSet<string>(StringComparer.Ordinal);
            foreach (var member in MembersUsedBy(type))
            {
                var declaring = OwnerOf(member.DeclaringType);
                if (Starters.TryGetValue(declaring, out var reason))
                {
                    why.TryAdd(type.FullName, $"{reason} ({member.DeclaringType.Name}.{member.Name})");
                }
                else if (declaring.StartsWith("Microsoft.Playwright.", StringComparison.Ordinal))
                {
                    why.TryAdd(type.FullName, $"drives a browser ({member.DeclaringType.Name}.{member.Name})");
                }
                else if (member is MethodReference { DeclaringType.FullName: "System.Diagnostics.Process", Name: "Start" })
                {
                    why.TryAdd(type.FullName, "starts a process (Process.Start)");
                }

                used.Add(declaring);
            }

            if (type.BaseType is { } baseType)
            {
                used.Add(OwnerOf(baseType));
            }

            foreach (var parameter in type.Methods.Where(m => m.IsConstructor).SelectMany(m => m.Parameters))
            {
                used.Add(OwnerOf(parameter.ParameterType));
            }

            foreach (var fixture in type.Interfaces.Select(i => i.InterfaceType).OfType<GenericInstanceType>().SelectMany(i => i.GenericArguments))
            {
                used.Add(OwnerOf(fixture));
            }
        }

        // Slow spreads to every type that uses a slow one, until nothing changes.
        for (var changed = true; changed;)
        {
            changed = false;
            foreach (var (type, used) in uses)
            {
                if (!why.ContainsKey(type) && used.FirstOrDefault(why.ContainsKey) is { } slow)
                {
                    why[type] = $"uses {slow[(slow.LastIndexOf('.') + 1)..]}, which {why[slow]}";
                    changed = true;
                }
            }
        }

        return why;
    }

    /// <summary>The methods and fields the code of <paramref name="type"/> and its compiler-generated types calls or reads.</summary>
    private static IEnumerable<MemberReference> MembersUsedBy(TypeDefinition type)
    {
        var types = new Stack<TypeDefinition>([type]);
        while (types.TryPop(out var current))
        {
            foreach (var nested in current.NestedTypes.Where(IsCompilerGenerated))
            {
                types.Push(nested);
            }

            foreach (var instruction in current.Methods.Where(m => m.HasBody).SelectMany(m => m.Body.Instructions))
            {
                if (instruction.OpCode.OperandType is OperandType.InlineMethod or OperandType.InlineField or OperandType.InlineTok
                    && instruction.Operand is MemberReference member and (MethodReference or FieldReference))
                {
                    yield return member;
                }
            }
        }
    }

    private static bool IsCompilerGenerated(TypeDefinition type) =>
        type.Name.StartsWith('<') || type.CustomAttributes.Any(a => a.AttributeType.FullName == "System.Runtime.CompilerServices.CompilerGeneratedAttribute");

    /// <summary>The type a reference belongs to: generic arguments and arrays dropped, compiler-generated types to the type they are in.</summary>
    private static string OwnerOf(TypeReference type)
    {
        var element = type.GetElementType();
        while (element.DeclaringType is { } outer && element.Name.StartsWith('<'))
        {
            element = outer;
        }

        return element.FullName;
    }
}
