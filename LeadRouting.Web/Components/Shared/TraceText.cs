using System.Text.RegularExpressions;

namespace LeadRouting.Web.Components.Shared;

/// <summary>
/// The decision trace in the reader's language. The routing core writes its sentences in English and they are stored
/// as text (the API answers them as they are), so German is made at display time from a table of sentence patterns:
/// a regex with named groups and a German template. A group is copied as it is (<c>{name}</c>), translated as a
/// routing word (<c>{name:w}</c>, e.g. "High" → "hoch") or translated as a sentence of its own (<c>{name:s}</c>, for
/// the parts the core builds from smaller explanations). The lead's history (audit details the services store in
/// English) is translated by the same table, through <see cref="HistoryText"/>. English shows as stored; a sentence without a pattern shows
/// in English too, and <c>TraceTextTests</c> fails on it, so a new sentence in the core gets its pattern.
/// </summary>
public static partial class TraceText
{
    /// <summary>The sentence in the culture's language: German for "de", else as stored.</summary>
    public static string Of(string english, CultureInfo culture) =>
        culture.TwoLetterISOLanguageName == "de" ? German(english) ?? english : english;

    /// <summary>A step's title ("Duplicate check") in the culture's language.</summary>
    public static string StepOf(string step, CultureInfo culture) =>
        culture.TwoLetterISOLanguageName == "de" && Steps.TryGetValue(step, out var german) ? german : step;

    /// <summary>The German sentence, or null when no pattern knows it.</summary>
    public static string? German(string english)
    {
        if (english.Length == 0)
        {
            return english;
        }

        foreach (var (pattern, template) in Patterns)
        {
            var match = pattern.Match(english);
            if (match.Success)
            {
                return Fill(template, match);
            }
        }

        return null;
    }

    private static string? Fill(string template, Match match)
    {
        var missing = false;
        var text = Placeholder().Replace(template, p =>
        {
            var group = match.Groups[p.Groups["name"].Value];
            var value = group.Success ? group.Value : "";
            var translated = p.Groups["kind"].Value switch
            {
                "w" => RoutingWords.German(value),
                "s" => German(value),
                "c" => Chain(value),
                "u" => value == "unknown" ? "unbekannt" : value,
                "n" => value.Replace(',', '.'),
                "t" => When(value),
                "k" => Days().Replace(value, d => GermanDays[d.Value]),
                "p" => value.EndsWith(" backup pool", StringComparison.Ordinal) ? "Backup-Pool von " + value[..^" backup pool".Length] : value,
                "f" => value.Length == 0 ? "" : Fragments.GetValueOrDefault(value),
                "l" => Words(value),
                _ => value,
            };
            if (translated is null)
            {
                missing = true;
                return value;
            }

            return translated;
        });
        return missing ? null : text;
    }

    /// <summary>"PricingPageVisit, Webinar": each routing word of a comma list in German (null when one has none).</summary>
    private static string? Words(string list)
    {
        var words = list.Split(", ").Select(RoutingWords.German).ToList();
        return words.Any(w => w is null) ? null : string.Join(", ", words);
    }

    /// <summary>"owner's backup → segment pool at the lead's tier → Unassigned": each link on its own.</summary>
    private static string? Chain(string chain)
    {
        var links = chain.Split(" → ").Select(German).ToList();
        return links.Any(l => l is null) ? null : string.Join(" → ", links);
    }

    /// <summary>The core's "Mon 30 Nov 10:15 Europe/Berlin" (or "2 Dec") as "Mo. 30. Nov. 10:15 Europe/Berlin".</summary>
    private static string When(string english)
    {
        var match = CoreTime().Match(english);
        if (!match.Success)
        {
            return english;
        }

        var day = match.Groups["dow"].Success ? GermanDays[match.Groups["dow"].Value] + ". " : "";
        var month = GermanMonths[match.Groups["month"].Value];
        return $"{day}{match.Groups["day"].Value}. {month}{match.Groups["rest"].Value}";
    }

    [GeneratedRegex(@"^((?<dow>Mon|Tue|Wed|Thu|Fri|Sat|Sun) )?(?<day>\d{1,2}) (?<month>Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)(?<rest>.*)$")]
    private static partial Regex CoreTime();

    [GeneratedRegex(@"\b(Mon|Tue|Wed|Thu|Fri|Sat|Sun)\b")]
    private static partial Regex Days();

    private static readonly Dictionary<string, string> GermanDays = new(StringComparer.Ordinal)
    {
        ["Mon"] = "Mo", ["Tue"] = "Di", ["Wed"] = "Mi", ["Thu"] = "Do", ["Fri"] = "Fr", ["Sat"] = "Sa", ["Sun"] = "So",
    };

    private static readonly Dictionary<string, string> GermanMonths = new(StringComparer.Ordinal)
    {
        ["Jan"] = "Jan.", ["Feb"] = "Feb.", ["Mar"] = "März", ["Apr"] = "Apr.", ["May"] = "Mai", ["Jun"] = "Juni",
        ["Jul"] = "Juli", ["Aug"] = "Aug.", ["Sep"] = "Sept.", ["Oct"] = "Okt.", ["Nov"] = "Nov.", ["Dec"] = "Dez.",
    };

    /// <summary>Optional tails of a sentence, each said in German.</summary>
    private static readonly Dictionary<string, string> Fragments = new(StringComparer.Ordinal)
    {
        [", least-loaded"] = ", geringste Auslastung",
        [", in working hours"] = ", in der Arbeitszeit",
        [", outside working hours too, as nobody in hours can take it"] = ", auch außerhalb der Arbeitszeit, da niemand in der Arbeitszeit ihn übernehmen kann",
        ["; monitored lead routed"] = "; der beobachtete Lead wird jetzt zugewiesen",
    };

    [GeneratedRegex(@"\{(?<name>[a-zA-Z]+)(:(?<kind>[wscuntkpfl]))?\}")]
    private static partial Regex Placeholder();

    private static readonly Dictionary<string, string> Steps = new(StringComparer.Ordinal)
    {
        ["Intake"] = "Eingang",
        ["Enrichment"] = "Anreicherung",
        ["Account match"] = "Account-Abgleich",
        ["Duplicate check"] = "Dublettenprüfung",
        ["Ownership"] = "Zuständigkeit",
        ["Intent"] = "Kaufabsicht",
        ["Fit"] = "Eignung",
        ["Treatment"] = "Behandlung",
        ["Deal tier"] = "Deal-Stufe",
        ["Segment"] = "Segment",
        ["Distribution"] = "Verteilung",
        ["Fallback"] = "Ausweichlösung",
        ["Exception"] = "Ausnahme",
        ["Escalation"] = "Eskalation",
        ["SLA"] = "SLA",
    };

    private static Regex P(string pattern) => new("^" + pattern + "$", RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture);

    // Order matters where one pattern's open group could swallow another's tail: the longer sentence comes first.
    private static readonly (Regex Pattern, string Template)[] Patterns =
    [
        // Intake
        (P(@"(?<email>\S+), source (?<source>\w+), referral (?<referral>\w+)"), "{email}, Quelle {source:w}, Empfehlung {referral:w}"),
        (P(@"no company domain \(free-mail address\); (?<n>\d+) signal\(s\)"), "keine Firmendomain (Freemail-Adresse); {n} Signal(e)"),
        (P(@"company domain (?<domain>\S+) \(from the email\); (?<n>\d+) signal\(s\)"), "Firmendomain {domain} (aus der E-Mail-Adresse); {n} Signal(e)"),
        (P(@"company domain (?<domain>\S+); (?<n>\d+) signal\(s\)"), "Firmendomain {domain}; {n} Signal(e)"),

        // Enrichment
        (P(@"account '(?<account>.+)' \((?<domain>[^()]+)\) for the lead's missing firmographics"), "Account '{account}' ({domain}) für die fehlenden Firmendaten des Leads"),
        (P(@"(?<first>(Industry|Employees|Country) from account .+?\)); (?<rest>(Industry|Employees|Country) from account .+)"), "{first:s}; {rest:s}"),
        (P(@"Industry from account (?<account>.+) \((?<value>[^()]+)\)"), "Branche aus dem Account {account} ({value})"),
        (P(@"Employees from account (?<account>.+) \((?<value>[^()]+)\)"), "Mitarbeiterzahl aus dem Account {account} ({value:n})"),
        (P(@"Country from account (?<account>.+) \((?<value>[^()]+)\)"), "Land aus dem Account {account} ({value})"),

        // Account match (issue 19)
        (P(@"company name '(?<company>.+)' \(no company domain\)"), "Firmenname '{company}' (keine Firmendomain)"),
        (P(@"company domain (?<domain>\S+), company name '(?<company>.+)'"), "Firmendomain {domain}, Firmenname '{company:u}'"),
        (P(@"(?<match>matched .+, \d\.\d\d( \(as close: .+\))?): counts like the account's own domain \(threshold (?<t>\d\.\d\d)\)"),
            "{match:s}: zählt wie die eigene Domain des Accounts (Schwelle {t})"),
        (P(@"(?<match>matched .+, \d\.\d\d( \(as close: .+\))?): below (?<t>\d\.\d\d), and the account has no owner; not used"),
            "{match:s}: unter {t}, und der Account hat keinen Verantwortlichen; nicht verwendet"),
        (P(@"(?<match>matched .+, \d\.\d\d( \(as close: .+\))?): below (?<t>\d\.\d\d), a person checks it"),
            "{match:s}: unter {t}, eine Person prüft den Abgleich"),
        (P(@"matched (?<account>.+) by (?<rule>company name|domain alias \S+|parent domain \S+|domain \S+), (?<c>\d\.\d\d) \(as close: (?<other>.+)\)"),
            "{account} über {rule:s} zugeordnet, {c} (ebenso nah: {other})"),
        (P(@"matched (?<account>.+) by (?<rule>company name|domain alias \S+|parent domain \S+|domain \S+), (?<c>\d\.\d\d)"),
            "{account} über {rule:s} zugeordnet, {c}"),
        (P(@"company name"), "den Firmennamen"),
        (P(@"domain alias (?<domain>\S+)"), "den Domain-Alias {domain}"),
        (P(@"parent domain (?<domain>\S+)"), "die übergeordnete Domain {domain}"),
        (P(@"domain (?<domain>\S+)"), "die Domain {domain}"),
        (P(@"uncertain account match: (?<match>.+)"), "unsicherer Account-Abgleich: {match:s}"),

        // Duplicate check
        (P(@"open leads with (?<email>\S+) received in the last (?<days>\d+) days"), "offene Leads mit {email} aus den letzten {days} Tagen"),
        (P(@"none: this is a new lead"), "keiner: das ist ein neuer Lead"),
        (P(@"open lead (?<id>\S+) with (?<email>\S+), monitored in nurture"), "offener Lead {id} mit {email}, im Marketing-Nurture mit Monitoring"),
        (P(@"merged; the new signals lift intent to (?<intent>\w+), so the monitored lead is routed now"),
            "zusammengeführt; die neuen Signale heben die Kaufabsicht auf {intent:w}, daher wird der beobachtete Lead jetzt zugewiesen"),
        (P(@"open lead (?<id>\S+) with (?<email>\S+) \(stage (?<stage>\w+)\)"), "offener Lead {id} mit {email} (Phase {stage:w})"),
        (P(@"merged into it: signals appended, intent re-evaluated to (?<intent>\w+), no owner to change; no second rep is told to call"),
            "mit ihm zusammengeführt: Signale angehängt, Kaufabsicht neu bewertet: {intent:w}, kein Verantwortlicher zu ändern; kein zweiter Mitarbeiter wird zum Anruf aufgefordert"),
        (P(@"merged into it: signals appended, intent re-evaluated to (?<intent>\w+), owner (?<owner>.+) kept; no second rep is told to call"),
            "mit ihm zusammengeführt: Signale angehängt, Kaufabsicht neu bewertet: {intent:w}, Verantwortlicher {owner} bleibt; kein zweiter Mitarbeiter wird zum Anruf aufgefordert"),

        // Duplicate check: the same person under another address (issue 19)
        (P(@"open leads named (?<name>.+) at (?<account>.+) \((?<domain>[^()\s]+)\) received in the last (?<days>\d+) days"),
            "offene Leads von {name} bei {account} ({domain}) aus den letzten {days} Tagen"),
        (P(@"same person as open lead (?<id>\S+) \((?<name>.+) at (?<account>.+)\), routed to its owner (?<owner>.+); marked possible duplicate"),
            "dieselbe Person wie im offenen Lead {id} ({name} bei {account}), dessen Verantwortlichem {owner} zugewiesen; als mögliches Duplikat markiert"),
        (P(@"same person as open lead (?<id>\S+) \((?<name>.+) at (?<account>.+)\), which has no owner: marked possible duplicate; routed by the rules"),
            "dieselbe Person wie im offenen Lead {id} ({name} bei {account}), der keinen Verantwortlichen hat: als mögliches Duplikat markiert; nach den Regeln zugewiesen"),
        (P(@"same person as open lead (?<id>\S+), owned by (?<owner>.+)"), "dieselbe Person wie im offenen Lead {id}, der {owner} gehört"),

        // Ownership
        (P(@"company domain"), "Firmendomain"),
        (P(@"none known: no account match possible"), "keine bekannt: kein Abgleich mit Accounts möglich"),
        (P(@"accounts matching (?<domain>\S+)"), "Accounts zu {domain}"),
        (P(@"(?<domain>\S+) is named account '(?<account>.+)' owned by (?<owner>.+): strategic ownership is never overridden by rules"),
            "{domain} ist der Named Account '{account}' von {owner}: strategische Zuständigkeit wird nie durch Regeln übersteuert"),
        (P(@"(?<domain>\S+) is existing customer '(?<account>.+)' owned by (?<owner>.+): strategic ownership is never overridden by rules"),
            "{domain} ist der Bestandskunde '{account}' von {owner}: strategische Zuständigkeit wird nie durch Regeln übersteuert"),
        (P(@"(?<domain>\S+) is named account '(?<account>.+)' owned by (?<owner>.+)"), "{domain} ist der Named Account '{account}' von {owner}"),
        (P(@"(?<domain>\S+) is existing customer '(?<account>.+)' owned by (?<owner>.+)"), "{domain} ist der Bestandskunde '{account}' von {owner}"),
        (P(@"accounts and open leads of (?<domain>\S+)"), "Accounts und offene Leads von {domain}"),
        (P(@"account '(?<account>.+)' is owned by (?<owner>.+) but not a named account: no ownership protection; (?<told>.+) notified; (?<why>\S+ is already in play: .+)"),
            "Account '{account}' gehört {owner}, ist aber kein Named Account: kein Zuständigkeitsschutz; {told} informiert; {why:s}"),
        (P(@"account '(?<account>.+)' is owned by (?<owner>.+) but not a named account: routed by segment; (?<told>.+) notified"),
            "Account '{account}' gehört {owner}, ist aber kein Named Account: nach Segment zugewiesen; {told} informiert"),
        (P(@"(?<domain>\S+) is already in play: open lead (?<id>\S+) is owned by (?<owner>.+)"), "{domain} ist bereits in Bearbeitung: der offene Lead {id} gehört {owner}"),
        (P(@"no account with an owner, no open assigned lead"), "kein Account mit Verantwortlichem, kein offener zugewiesener Lead"),
        (P(@"account '(?<account>.+)' has no owner; no open assigned lead"), "Account '{account}' hat keinen Verantwortlichen; kein offener zugewiesener Lead"),

        // Intent
        (P(@"signals and source"), "Signale und Quelle"),
        (P(@"(?<main>.+); (?<old>\d+) older signal\(s\) ignored"), "{main:s}; {old} ältere(s) Signal(e) nicht berücksichtigt"),
        (P(@"no qualifying signal in the last (?<days>\d+) days → (?<intent>\w+)"), "kein qualifizierendes Signal in den letzten {days} Tagen → {intent:w}"),
        (P(@"(?<count>\d+)× (?<signal>\w+) \(rule: ≥ (?<min>\d+)\) in the last (?<days>\d+) days → (?<intent>\w+)"),
            "{count}× {signal:w} (Regel: ≥ {min}) in den letzten {days} Tagen → {intent:w}"),

        // Fit
        (P(@"(?<employees>\d+|unknown) employees, industry (?<industry>.+), tech stack \[(?<stack>.*)\], country (?<country>.+)"),
            "{employees:u} Mitarbeitende, Branche {industry:u}, Tech-Stack [{stack}], Land {country:u}"),
        (P(@"size (?<size>-?\d+) \+ industry (?<industry>-?\d+) \+ tech stack (?<stack>-?\d+) \+ country (?<country>-?\d+) = (?<score>-?\d+) \((?<op>[≥<]) (?<threshold>-?\d+)\) → (?<fit>\w+)"),
            "Größe {size} + Branche {industry} + Tech-Stack {stack} + Land {country} = {score} ({op} {threshold}) → {fit:w}"),

        // Treatment
        (P(@"(?<intent>\w+) intent × (?<fit>\w+) fit"), "Kaufabsicht {intent:w} × Eignung {fit:w}"),
        (P(@"(?<action>\w+): fit score (?<score>-?\d+) (?<op>[<≥]) (?<threshold>-?\d+) → (?<result>\w+)"), "{action:w}: Fit-Score {score} {op} {threshold} → {result:w}"),
        (P(@"(?<action>\w+) \(immediate: reps in working hours first\) \(top of the queue, SLA at most (?<cap>[^()]+)\)"),
            "{action:w} (sofort: Mitarbeiter in der Arbeitszeit zuerst) (oben in der Warteschlange, SLA höchstens {cap})"),
        (P(@"(?<action>\w+) \(immediate: reps in working hours first\)"), "{action:w} (sofort: Mitarbeiter in der Arbeitszeit zuerst)"),
        (P(@"(?<action>\w+) \(top of the queue, SLA at most (?<cap>[^()]+)\)"), "{action:w} (oben in der Warteschlange, SLA höchstens {cap})"),
        (P(@"(?<action>AeImmediate|SdrQualify|SdrFastTrack|Nurture|NurtureMonitored|NurtureOrDisqualify)"), "{action:w}"),

        // Deal tier
        (P(@"estimated deal size"), "geschätzte Deal-Größe"),
        (P(@"company size"), "Unternehmensgröße"),
        (P(@"(?<basis>.+ → \w+): (?<levels>[^:]+), (?<distribution>WeightedRoundRobin|LeastLoaded|NamedAccount)"), "{basis:s}: {levels}, {distribution:w}"),
        (P(@"estimated deal size (?<amount>[\d,]+) (?<currency>[A-Z]{3}) → (?<tier>\w+)"), "geschätzte Deal-Größe {amount:n} {currency} → {tier:w}"),
        (P(@"no deal size; estimated from (?<employees>[\d,]+) employees → (?<tier>\w+)"), "keine Deal-Größe; geschätzt aus {employees:n} Mitarbeitenden → {tier:w}"),
        (P(@"no deal size and no company size → (?<tier>\w+)"), "keine Deal-Größe und keine Unternehmensgröße → {tier:w}"),

        // Segment
        (P(@"(?<count>\d+) segments in priority order \(country (?<country>.+), industry (?<industry>.+), (?<employees>\d+|unknown) employees, source (?<source>\w+)\)"),
            "{count} Segmente nach Priorität (Land {country:u}, Branche {industry:u}, {employees:u} Mitarbeitende, Quelle {source:w})"),
        (P(@"no segment matches"), "kein Segment passt"),
        (P(@"'(?<segment>.+)' \(priority (?<priority>\d+)\) → team (?<team>.*)"), "'{segment}' (Priorität {priority}) → Team {team}"),

        // Distribution, fallback and the pools
        (P(@"(?<owner>.+) cannot take it; fallback chain: (?<chain>.+)"), "{owner} kann ihn nicht übernehmen; Ausweichkette: {chain:c}"),
        (P(@"kept with (?<owner>.+)"), "bleibt bei {owner}"),
        (P(@"action (?<action>\w+)"), "Behandlung {action:w}"),
        (P(@"no rep: disqualified"), "kein Mitarbeiter: disqualifiziert"),
        (P(@"no rep: marketing nurture, re-routed automatically when a new signal lifts intent"),
            "kein Mitarbeiter: Marketing-Nurture, automatisch neu zugewiesen, sobald ein neues Signal die Kaufabsicht hebt"),
        (P(@"no rep: marketing nurture"), "kein Mitarbeiter: Marketing-Nurture"),
        (P(@"cannot take it"), "kann ihn nicht übernehmen"),
        (P(@"segment pool"), "Segment-Pool"),
        (P(@"no segment matches the lead"), "kein Segment passt zum Lead"),
        (P(@"no segment matches the lead and there is no catch-all segment"), "kein Segment passt zum Lead und es gibt kein Auffang-Segment"),
        (P(@"nobody qualifies; trying the fallback level"), "niemand kommt infrage; nächste Ausweichstufe"),
        (P(@"nobody qualifies"), "niemand kommt infrage"),
        (P(@"the fallback chain has no steps"), "die Ausweichkette hat keine Schritte"),
        (P(@"nobody eligible has capacity: (?<chain>.+)"), "niemand, der infrage kommt, hat Kapazität: {chain:c}"),
        (P(@"Unassigned queue; no manager configured"), "Warteschlange „Nicht zugewiesen“; kein Manager eingerichtet"),
        (P(@"Unassigned queue; manager (?<manager>.+) notified"), "Warteschlange „Nicht zugewiesen“; Manager {manager} informiert"),
        (P(@"(?<rep>.+) \(weighted round-robin, weight (?<weight>\d+), (?<count>\d+) eligible\); becomes the owner of account (?<account>.+)"),
            "{rep} (gewichteter Round-Robin, Gewicht {weight}, {count} infrage); wird Verantwortlicher des Accounts {account}"),
        (P(@"(?<rep>.+) \(weighted round-robin, weight (?<weight>\d+), (?<count>\d+) eligible\)"), "{rep} (gewichteter Round-Robin, Gewicht {weight}, {count} infrage)"),
        (P(@"(?<rep>.+) \((?<load>\d+)/(?<capacity>\d+) open leads, the fewest of (?<count>\d+) eligible\)"),
            "{rep} ({load}/{capacity} offene Leads, die wenigsten von {count}, die infrage kommen)"),
        (P(@"(?<rep>[^;:()→]+) \(round-robin\)"), "{rep} (Round-Robin)"),
        (P(@"(?<pool>.+) \((?<count>\d+) reps\)(?<least>, least-loaded)?(?<hours>, in working hours|, outside working hours too, as nobody in hours can take it)?"),
            "{pool:p} ({count} Mitarbeiter){least:f}{hours:f}"),

        // Exception
        (P(@"referral (?<referral>\w+)"), "Empfehlung {referral:w}"),
        (P(@"Manual review queue; no manager configured"), "Warteschlange der manuellen Prüfung; kein Manager eingerichtet"),
        (P(@"Manual review queue; region manager (?<manager>.+) notified"), "Warteschlange der manuellen Prüfung; Regionalleiter {manager} informiert"),

        // Escalation
        (P(@"not accepted by (?<owner>.+) within the acceptance window \((?<count>\d+) reassignment\(s\) before\)"),
            "von {owner} nicht im Annahmefenster angenommen ({count} Neuzuweisung(en) zuvor)"),
        (P(@"not accepted after (?<count>\d+) reassignment\(s\)"), "nach {count} Neuzuweisung(en) nicht angenommen"),
        (P(@"(?<count>\d+) reassignments reached: the lead waits for a manager"), "{count} Neuzuweisungen erreicht: der Lead wartet auf einen Manager"),
        (P(@"reassigned along the fallback chain \((?<chain>.+)\); the new owner gets a fresh acceptance window"),
            "entlang der Ausweichkette neu zugewiesen ({chain:c}); der neue Verantwortliche erhält ein neues Annahmefenster"),

        // SLA
        (P(@"policy (?<policy>.+) \(capped from (?<from>.+) for (?<action>\w+)\), calendar (?<calendar>.+) \((?<hours>[^()]+)\)"),
            "Richtlinie {policy} (begrenzt von {from} für {action:w}), Kalender {calendar} ({hours:k})"),
        (P(@"policy (?<policy>.+), calendar (?<calendar>.+) \((?<hours>[^()]+)\)"), "Richtlinie {policy}, Kalender {calendar} ({hours:k})"),
        (P(@"(?<main>respond by [^;]+); (?<start>.+)"), "{main:s}; {start:s}"),
        (P(@"respond by (?<respond>[^,;]+), escalate at (?<escalate>[^,;]+) if not accepted"), "Reaktion bis {respond:t}, Eskalation {escalate:t}, falls nicht angenommen"),
        (P(@"respond by (?<respond>[^,;]+), no escalation clock without an owner"), "Reaktion bis {respond:t}, ohne Verantwortlichen keine Eskalationsuhr"),
        (P(@"outside business hours: the clocks start (?<at>[^,]+), when (?<calendar>.+) opens"), "außerhalb der Geschäftszeiten: die Uhren starten {at:t}, wenn {calendar} öffnet"),
        (P(@"outside business hours: the response clock starts (?<at>[^,]+), the acceptance window (?<window>.+)"),
            "außerhalb der Geschäftszeiten: die Reaktionsuhr startet {at:t}, das Annahmefenster {window:t}"),
        (P(@"received outside business hours: the response clock starts (?<at>[^,]+), when (?<calendar>.+) opens"),
            "außerhalb der Geschäftszeiten eingegangen: die Reaktionsuhr startet {at:t}, wenn {calendar} öffnet"),
        (P(@"assigned outside business hours: the acceptance window starts (?<at>[^,]+), when (?<calendar>.+) opens"),
            "außerhalb der Geschäftszeiten zugewiesen: das Annahmefenster startet {at:t}, wenn {calendar} öffnet"),

        // The lead's history (audit events' details, as the services store them; HistoryText has put the person's local
        // time in place of each "yyyy-MM-dd HH:mm UTC" first). Each starts with its own words or an explicit list of
        // stage names, so none swallows a trace sentence below.
        (P(@"(?<status>New|Assigned|Accepted|Contacted|Qualified|Converted|Nurture|ManualReview|Unassigned|Disqualified): (?<owner>.+) \((?<distribution>\w+)\), (?<action>AeImmediate|SdrQualify|SdrFastTrack|NurtureMonitored|NurtureOrDisqualify|Nurture), (?<tier>\w+)"), "{status:w}: {owner} ({distribution:w}), {action:w}, {tier:w}"),
        (P(@"(?<status>New|Assigned|Accepted|Contacted|Qualified|Converted|Nurture|ManualReview|Unassigned|Disqualified): (?<action>AeImmediate|SdrQualify|SdrFastTrack|NurtureMonitored|NurtureOrDisqualify|Nurture)"), "{status:w}: {action:w}"),
        (P(@"(?<from>New|Assigned|Accepted|Contacted|Qualified|Converted|Nurture|ManualReview|Unassigned|Disqualified) → (?<to>New|Assigned|Accepted|Contacted|Qualified|Converted|Nurture|ManualReview|Unassigned|Disqualified)"), "{from:w} → {to:w}"),
        // Booking (issue 20, Booking/BookingEffects): the buyer's booking and cancellation, the task the booking gives.
        (P(@"Meeting booked by the buyer for (?<when>.+?) with (?<rep>.+?); (?<first>first response (within|after) (the )?target)"), "Termin vom Interessenten gebucht für {when} mit {rep}; {first:s}"),
        (P(@"Meeting booked by the buyer for (?<when>.+?) with (?<rep>.+)"), "Termin vom Interessenten gebucht für {when} mit {rep}"),
        (P(@"Meeting of (?<when>.+?) with (?<rep>.+) cancelled by the buyer"), "Termin am {when} mit {rep} vom Interessenten abgesagt"),
        (P(@"Meeting with (?<rep>.+?) moved by the buyer from (?<from>.+?) to (?<to>.+)"), "Termin mit {rep} vom Interessenten verschoben von {from} auf {to}"),
        // When the owner can't (Booking/BookingEffects.Pool): the lead moves with a pool rep's meeting; a meeting handed over.
        (P(@"moved to (?<rep>.+?) \(was (?<previous>[^()]+)\) by (?<actor>.+?): (?<reason>.+?); counted for the new owner in the pool's ledger, one lead credited back to (?<credited>.+)"),
            "an {rep} übertragen (zuvor {previous}) durch {actor}: {reason:s}; im Fairness-Ledger des Pools dem neuen Verantwortlichen angerechnet, {credited} ein Lead gutgeschrieben"),
        (P(@"moved to (?<rep>.+?) \(was (?<previous>[^()]+)\) by (?<actor>.+?): (?<reason>.+?); counted for the new owner in the pool's ledger"),
            "an {rep} übertragen (zuvor {previous}) durch {actor}: {reason:s}; im Fairness-Ledger des Pools dem neuen Verantwortlichen angerechnet"),
        (P(@"moved to (?<rep>.+?) \(was (?<previous>[^()]+)\) by (?<actor>.+?): (?<reason>.+)"), "an {rep} übertragen (zuvor {previous}) durch {actor}: {reason:s}"),
        (P(@"owner had no free slot"), "der Verantwortliche hatte keinen freien Termin"),
        (P(@"(?<rep>[^:;()]+) is out of office at the meeting's time"), "{rep} ist zum Termin abwesend"),
        (P(@"Meeting of (?<when>.+?) handed from (?<from>.+?) to (?<to>.+?) \((?<pool>[^()]+)\): (?<reason>.+)"), "Termin am {when} von {from} an {to} übergeben ({pool}): {reason:s}"),
        (P(@"Meeting of (?<when>.+?): (?<rep>.+?) is out of office then and nobody of the pool is free; review it"),
            "Termin am {when}: {rep} ist dann abwesend und niemand aus dem Pool ist frei; bitte prüfen"),
        (P(@"Meeting with (?<who>.+) on (?<when>\d{4}-\d\d-\d\d \d\d:\d\d) \((?<zone>[^()]+)\)"), "Termin mit {who} am {when} ({zone})"),
        (P(@"accepted by (?<actor>.+)"), "angenommen von {actor}"),
        (P(@"declined by (?<actor>[^:]+): (?<reason>.*)"), "abgelehnt von {actor}: {reason}"),
        (P(@"(?<head>(Call|Email|Meeting) by [^;]+); (?<tail>(first response|note:|next step:).*)"), "{head:s}; {tail:s}"),
        (P(@"(?<kind>Call|Email|Meeting) by (?<actor>[^;]+)"), "{kind:w} von {actor}"),
        (P(@"(?<first>first response (within|after) (the )?target); (?<tail>(note:|next step:).*)"), "{first:s}; {tail:s}"),
        (P(@"first response within (the )?target"), "erste Reaktion innerhalb der Vorgabe"),
        (P(@"first response after the target"), "erste Reaktion nach Ablauf der Vorgabe"),
        (P(@"note: (?<note>.*?); next step: (?<next>.*)"), "Notiz: {note}; nächster Schritt: {next}"),
        (P(@"note: (?<note>.*)"), "Notiz: {note}"),
        (P(@"next step: (?<next>.*)"), "nächster Schritt: {next}"),
        (P(@"(?<outcome>Qualified|Converted|Disqualified) by (?<actor>[^:]+): (?<reason>.*)"), "{outcome:w} von {actor}: {reason}"),
        (P(@"(?<outcome>Qualified|Converted|Disqualified) by (?<actor>.+)"), "{outcome:w} von {actor}"),
        (P(@"(?<head>assigned to .+? by .+?: .*?); (?<lapsed>the response target \(.+)"), "{head:s}; {lapsed:s}"),
        (P(@"assigned to (?<rep>.+?) by (?<actor>.+?) \(was (?<previous>[^()]+)\): (?<reason>.*)"), "{rep} zugewiesen von {actor} (zuvor {previous}): {reason}"),
        (P(@"assigned to (?<rep>.+?) by (?<actor>.+?): (?<reason>.*)"), "{rep} zugewiesen von {actor}: {reason}"),
        (P(@"the response target \((?<when>[^()]+)\) had passed in the Unassigned queue"), "die Reaktionsfrist ({when}) war in der Warteschlange „Nicht zugewiesen“ abgelaufen"),
        (P(@"the response target \((?<when>[^()]+)\) had passed in the Manual-review queue"), "die Reaktionsfrist ({when}) war in der Warteschlange der manuellen Prüfung abgelaufen"),
        (P(@"the response target \((?<when>[^()]+)\) had passed with (?<previous>.+)"), "die Reaktionsfrist ({when}) war bei {previous} abgelaufen"),
        (P(@"accepted but not touched by the trigger; breach recorded; manager (?<manager>.+) notified"),
            "angenommen, aber bis zur Eskalationsfrist nicht kontaktiert; Verstoß erfasst; Manager {manager} informiert"),
        (P(@"accepted but not touched by the trigger; breach recorded; no manager configured"),
            "angenommen, aber bis zur Eskalationsfrist nicht kontaktiert; Verstoß erfasst; kein Manager eingerichtet"),
        (P(@"(?<count>\d+) signal\(s\): (?<types>[A-Za-z, ]+); intent (?<from>\w+) → (?<to>\w+)(?<routed>; monitored lead routed)?"),
            "{count} Signal(e): {types:l}; Kaufabsicht {from:w} → {to:w}{routed:f}"),
        (P(@"(?<reason>Unassigned|ManualReview): no manager configured"), "{reason:w}: kein Manager eingerichtet"),
        (P(@"(?<reason>Unassigned|ManualReview): (?<manager>.+)"), "{reason:w}: Manager {manager} informiert"),
        (P(@"Not accepted by (?<owner>.+) in time; reassigned: no manager configured"), "von {owner} nicht rechtzeitig angenommen; neu zugewiesen: kein Manager eingerichtet"),
        (P(@"Not accepted by (?<owner>.+) in time; reassigned: (?<manager>.+)"), "von {owner} nicht rechtzeitig angenommen; neu zugewiesen: Manager {manager} informiert"),
        (P(@"Lead from (?<account>.+) \((?<owner>.+)'s account, not a named account\): routed without ownership protection: (?<told>.+)"),
            "Lead von {account} (Account von {owner}, kein Named Account): ohne Ownership-Schutz zugewiesen; {told} informiert"),
        (P(@"Imported as history: (?<stage>\w+), received (?<when>.+?), (?<who>owner .+|no owner)"), "Als Historie importiert: {stage:w}, eingegangen {when}, {who:s}"),
        (P(@"owner '(?<owner>.+)' is not a rep here"), "Verantwortlicher „{owner}“ ist hier kein Mitarbeiter"),
        (P(@"no owner"), "kein Verantwortlicher"),
        (P(@"owner (?<owner>.+)"), "Verantwortlicher {owner}"),
        (P(@"(?<stage>\w+) \(imported from history\): (?<reason>.*)"), "{stage:w} (aus der Historie importiert): {reason}"),
        (P(@"(?<stage>\w+) \(imported from history\)"), "{stage:w} (aus der Historie importiert)"),
        // The first next step the app gives a new owner (LeadRecorder.NextStep); a step a rep typed stays as typed.
        (P(@"First response to (?<who>.+): demo request"), "Erste Reaktion an {who}: Demo-Anfrage"),
        (P(@"First response to (?<who>.+): sales enquiry"), "Erste Reaktion an {who}: Vertriebsanfrage"),
        (P(@"First response to (?<who>.+): event contact"), "Erste Reaktion an {who}: Event-Kontakt"),
        (P(@"First response to (?<who>.+): (?<source>[A-Za-z]+) lead"), "Erste Reaktion an {who}: Lead aus {source:w}"),
        // The configuration's own refusals (ConfigurationValidator), shown in the settings draft bar when a change would
        // make the whole document invalid; the paths stay as the JSON names them.
        (P(@"organisation\.segments must not be empty: without a segment every lead would wait in the Unassigned queue\."), "organisation.segments darf nicht leer sein: ohne Segment würde jeder Lead in der Warteschlange „Nicht zugewiesen“ warten."),
        (P(@"organisation\.reps must not be empty: without a rep every lead would wait in the Unassigned queue\."), "organisation.reps darf nicht leer sein: ohne Mitarbeiter würde jeder Lead in der Warteschlange „Nicht zugewiesen“ warten."),
        (P(@"organisation\.reps needs at least one active rep: without one every lead would wait in the Unassigned queue\."), "organisation.reps braucht mindestens einen aktiven Mitarbeiter: ohne ihn würde jeder Lead in der Warteschlange „Nicht zugewiesen“ warten."),
        (P(@"organisation\.segments needs a catch-all segment \(no criteria\) so no lead is left without a team\."), "organisation.segments braucht ein Auffangsegment (ohne Kriterien), damit kein Lead ohne Team bleibt."),
        (P(@"(?<path>[\w.]+) must be between (?<min>\d+) and (?<max>\d+)\."), "{path} muss zwischen {min} und {max} liegen."),
        (P(@"(?<path>[\w.]+) must be above 0 and at most (?<max>[\w.]+)\."), "{path} muss über 0 und höchstens {max} sein."),
        (P(@"policy\.intent\.rules: minCount must be at least 1\."), "policy.intent.rules: minCount muss mindestens 1 sein."),
        (P(@"policy\.fit\.employeeBands needs a band starting at 0 employees\."), "policy.fit.employeeBands braucht ein Band, das bei 0 Mitarbeitenden beginnt."),
        (P(@"policy\.matrix needs exactly one row for (?<intent>\w+) intent × (?<fit>\w+) fit \(found (?<found>\d+)\)\."), "policy.matrix braucht genau eine Zeile für Kaufabsicht {intent:w} × Eignung {fit:w} (gefunden: {found})."),
        (P(@"policy\.matrix: slaCap '(?<cap>.+)' is not an SLA policy\."), "policy.matrix: slaCap „{cap}“ ist keine SLA-Richtlinie."),
        (P(@"policy\.currency: (?<problem>.+)"), "policy.currency: {problem}"),
        (P(@"policy\.sdrLevels must name at least one rep level\."), "policy.sdrLevels muss mindestens eine Mitarbeiterstufe nennen."),
        (P(@"policy\.slaPolicies must cover source (?<source>\w+) exactly once \(found (?<found>\d+)\)\."), "policy.slaPolicies muss die Quelle {source:w} genau einmal abdecken (gefunden: {found})."),
        (P(@"policy\.slaPolicies '(?<name>.+)': durations must be positive\."), "policy.slaPolicies „{name}“: Dauern müssen positiv sein."),
        (P(@"policy\.slaPolicies '(?<name>.+)': (?<field>\w+) (?<duration>.+) is beyond the longest SLA allowed \((?<max>.+), one year\)\."), "policy.slaPolicies „{name}“: {field} {duration} liegt über der längsten erlaubten SLA ({max}, ein Jahr)."),
        (P(@"policy\.slaPolicies '(?<name>.+)': (?<duration>.+) of business time does not fit into (?<days>\d+) days of calendar '(?<calendar>.+)' \((?<hours>\d+) working hours, (?<workdays>\d+) working days, holidays counted\); shorten the SLA or give the calendar more working time\."),
            "policy.slaPolicies „{name}“: {duration} Geschäftszeit passen nicht in {days} Tage des Kalenders „{calendar}“ ({hours} Arbeitsstunden, {workdays} Arbeitstage, Feiertage berücksichtigt); verkürzen Sie die SLA oder geben Sie dem Kalender mehr Arbeitszeit."),
        (P(@"policy\.slaPolicies: names must be unique\."), "policy.slaPolicies: Namen müssen eindeutig sein."),
        (P(@"policy\.tiers must not be empty\."), "policy.tiers darf nicht leer sein."),
        (P(@"policy\.tiers '(?<tier>\w+)' must name at least one rep level\."), "policy.tiers „{tier:w}“ muss mindestens eine Mitarbeiterstufe nennen."),
        (P(@"policy\.tiers: only the last tier is open-ended \('(?<tier>\w+)'\)\."), "policy.tiers: nur die letzte Stufe ist nach oben offen („{tier:w}“)."),
        (P(@"policy\.tiers must be in ascending order of upTo \('(?<tier>\w+)'\)\."), "policy.tiers müssen nach upTo aufsteigend geordnet sein („{tier:w}“)."),
        (P(@"policy\.tiers must be in ascending order of minEmployeesForEstimate \('(?<tier>\w+)'\)\."), "policy.tiers müssen nach minEmployeesForEstimate aufsteigend geordnet sein („{tier:w}“)."),
        (P(@"policy\.tiers: the first tier's minEmployeesForEstimate must be 0\."), "policy.tiers: minEmployeesForEstimate der ersten Stufe muss 0 sein."),
        (P(@"policy\.booking\.(?<field>\w+) must be whole minutes between (?<min>\S+) and (?<max>\S+) \(found (?<found>.+)\)\."), "policy.booking.{field} muss in ganzen Minuten zwischen {min} und {max} liegen (angegeben: {found})."),
        (P(@"policy\.booking\.bookableTreatments names (?<list>.+) more than once\."), "policy.booking.bookableTreatments nennt {list} mehr als einmal."),
        (P(@"policy\.booking\.bookableTreatments holds values that are not treatments: (?<list>.+)\."), "policy.booking.bookableTreatments enthält Werte, die keine Behandlungsarten sind: {list}."),
        (P(@"calendar '(?<id>.+)': unknown time zone '(?<zone>.*)'\."), "Kalender „{id}“: unbekannte Zeitzone „{zone}“."),
        (P(@"calendar '(?<id>.+)': working hours must end after they start \((?<hours>.+)\)\."), "Kalender „{id}“: Die Arbeitszeit muss nach ihrem Beginn enden ({hours})."),
        (P(@"calendar '(?<id>.+)' has no working hours\."), "Kalender „{id}“ hat keine Arbeitszeit."),
        (P(@"calendar '(?<id>.+)': at most (?<max>\d+) holidays \(found (?<found>\d+)\)\."), "Kalender „{id}“: höchstens {max} Feiertage (gefunden: {found})."),
        (P(@"calendar '(?<id>.+)': its holidays close it for (?<days>\d+) days in a row \(at most (?<max>\d+)\)\."), "Kalender „{id}“: Seine Feiertage schließen ihn {days} Tage am Stück (höchstens {max})."),
        (P(@"region '(?<id>.+)': '(?<country>.*)' is not an ISO country code\."), "Region „{id}“: „{country}“ ist kein ISO-Ländercode."),
        (P(@"team '(?<id>.+)': unknown calendar '(?<calendar>.*)'\."), "Team „{id}“: unbekannter Kalender „{calendar}“."),
        (P(@"team '(?<id>.+)': unknown region '(?<region>.*)'\."), "Team „{id}“: unbekannte Region „{region}“."),
        (P(@"team '(?<id>.+)': slaTargetPercent must be between 1 and 100 \(got (?<got>-?\d+)\)\."), "Team „{id}“: slaTargetPercent muss zwischen 1 und 100 liegen (angegeben: {got})."),
        (P(@"team '(?<id>.+)': backup pool names unknown rep '(?<rep>.*)'\."), "Team „{id}“: Der Backup-Pool nennt den unbekannten Mitarbeiter „{rep}“."),
        (P(@"rep '(?<id>.+)': unknown team '(?<team>.*)'\."), "Mitarbeiter „{id}“: unbekanntes Team „{team}“."),
        (P(@"rep '(?<id>.+)': unknown calendar '(?<calendar>.*)'\."), "Mitarbeiter „{id}“: unbekannter Kalender „{calendar}“."),
        (P(@"rep '(?<id>.+)': backup '(?<backup>.*)' must be another known rep\."), "Mitarbeiter „{id}“: Backup „{backup}“ muss ein anderer bekannter Mitarbeiter sein."),
        (P(@"rep '(?<id>.+)': weight must be between 1 and 100\."), "Mitarbeiter „{id}“: Gewichtung muss zwischen 1 und 100 liegen."),
        (P(@"rep '(?<id>.+)': capacity must be between 0 and 10000\."), "Mitarbeiter „{id}“: Kapazität muss zwischen 0 und 10000 liegen."),
        (P(@"rep '(?<id>.+)': daily and hourly caps must be between 1 and 10000\."), "Mitarbeiter „{id}“: Tages- und Stundenlimit müssen zwischen 1 und 10000 liegen."),
        (P(@"segment '(?<id>.+)': unknown team '(?<team>.*)'\."), "Segment „{id}“: unbekanntes Team „{team}“."),
        (P(@"segment '(?<id>.+)': unknown region '(?<region>.*)'\."), "Segment „{id}“: unbekannte Region „{region}“."),
        (P(@"segment '(?<id>.+)': '(?<country>.*)' is not an ISO country code\."), "Segment „{id}“: „{country}“ ist kein ISO-Ländercode."),
        (P(@"segment '(?<id>.+)': maxEmployees is below minEmployees\."), "Segment „{id}“: maxEmployees liegt unter minEmployees."),
        (P(@"(?<kind>\w+) id '(?<id>.+)' is used twice\."), "{kind}-ID „{id}“ wird doppelt verwendet."),
        // The reasons lead events carry to emails and chat (the outbox), where they are not history lines already.
        (P(@"acceptance window lapsed"), "Annahmefenster abgelaufen"),
        (P(@"Not accepted by (?<owner>.+) in time; reassigned"), "von {owner} nicht rechtzeitig angenommen; neu zugewiesen"),
        (P(@"Accepted but not touched by the escalation trigger"), "Angenommen, aber bis zur Eskalationsfrist nicht kontaktiert"),
        (P(@"declined: (?<reason>.*)"), "abgelehnt: {reason}"),
        (P(@"assigned by (?<actor>[^:]+): (?<reason>.*)"), "zugewiesen von {actor}: {reason}"),
        (P(@"(?<channel>\w+) to (?<to>.+) \((?<kind>\w+) of lead (?<lead>\S+), delivery (?<delivery>\S+)\) failed after (?<count>\d+) attempt\(s\): (?<message>.*)"),
            "{channel} an {to} ({kind}, Lead {lead}, Zustellung {delivery}) nach {count} Versuch(en) fehlgeschlagen: {message}"),

        // Why a rep was ruled out
        (P(@"(?<reason>.+) \(backup of (?<of>.+)\)"), "{reason:s} (Backup von {of})"),
        (P(@"declined this lead or let it lapse before"), "hat diesen Lead bereits abgelehnt oder verfallen lassen"),
        (P(@"inactive"), "inaktiv"),
        (P(@"out of office until (?<until>\d{1,2} \w{3})"), "abwesend bis {until:t}"),
        (P(@"out of office"), "abwesend (Out of Office)"),
        (P(@"away"), "nicht verfügbar"),
        (P(@"at capacity (?<load>\d+)/(?<capacity>\d+)"), "Kapazität erreicht ({load}/{capacity})"),
        (P(@"reached the hourly cap of (?<cap>\d+)"), "Stundenlimit von {cap} Leads erreicht"),
        (P(@"reached the daily cap of (?<cap>\d+)"), "Tageslimit von {cap} Leads erreicht"),
        (P(@"outside working hours \((?<hours>[^()]+)\)"), "außerhalb der Arbeitszeit ({hours:k})"),

        // The links of a fallback chain
        (P(@"owner's backup"), "Backup des Verantwortlichen"),
        (P(@"segment pool at the lead's tier"), "Segment-Pool der Deal-Stufe des Leads"),
        (P(@"team backup pool"), "Backup-Pool des Teams"),
        (P(@"Unassigned"), "Nicht zugewiesen"),
        (P(@"segment pool \(no segment matched\)"), "Segment-Pool (kein Segment passte)"),
        // Sentences that are little more than a name: last, and the names without the punctuation of longer sentences,
        // so they never swallow a sentence another pattern knows.
        (P(@"(?<of>[^;:()→]+) has no backup"), "{of} hat kein Backup"),
        (P(@"(?<of>[^;:()→]+)'s backup (?<backup>[^;:()→]+)"), "Backup von {of}: {backup}"),
        (P(@"(?<rep>[^;:()→]+) takes it"), "{rep} übernimmt ihn"),
        (P(@"(?<owner>[^;:()→]+) is no longer in the organisation"), "{owner} gehört nicht mehr zur Organisation"),
        (P(@"(?<of>[^;:()→]+)'s backup"), "Backup von {of}"),
        (P(@"(?<team>[^;:()→]+) backup pool"), "Backup-Pool von {team}"),
        (P(@"(?<team>[^;:()→]+) pool"), "Pool {team}"),
    ];
}
