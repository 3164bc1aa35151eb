using LeadRouting.LoadGenerator;

// A load generator for POST /api/leads and /api/leads/import, and for booking meetings (--mode book); see LoadOptions.Usage. Only loopback targets, and every
// run is bounded in time and count: it stops by itself.
if (args is [] or ["--help"] or ["-h"])
{
    Console.WriteLine(LoadOptions.Usage);
    return args is [] ? 2 : 0;
}

if (LoadOptions.Parse(args, out var error) is not { } options)
{
    await Console.Error.WriteLineAsync(error);
    await Console.Error.WriteLineAsync(LoadOptions.Usage);
    return 2;
}

var mix = new LeadMix(options.Seed);
return options.Mode switch
{
    LoadMode.Max => await ClosedLoopRun.RunAsync(options, mix, Console.Out),
    LoadMode.Rate => await OpenLoopRun.RunAsync(options, mix, Console.Out),
    LoadMode.Csv => await CsvImportRun.RunAsync(options, mix, Console.Out),
    LoadMode.Crm => await CrmImportRun.RunAsync(options, mix, Console.Out),
    LoadMode.Book => await BookingRun.RunAsync(options, mix, Console.Out),
    _ => 2,
};
