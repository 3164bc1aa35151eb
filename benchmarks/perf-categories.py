#!/usr/bin/env python3
"""Splits a `perf script` dump of the app (recorded with DOTNET_PerfMapEnabled=1) into where the CPU went (issue 21).

Usage: python3 benchmarks/perf-categories.py perf.script [leads]   (leads: leads stored in the sampled window, to print
CPU per lead). A sample counts for the first *specific* category found walking its stack from the leaf to the root
(JIT, GC, SQLite, kernel I/O, JSON, telemetry, trace rendering, routing, the writer, the app, ASP.NET/Kestrel); a sample
with none of them counts as runtime/other. JSON is split by who called it (the request body, the response, the stored
trace, the outbox payload, other)."""
import re
import sys
from collections import Counter

SPECIFIC = [
    ("JIT", re.compile(r"libclrjit\.so")),
    ("GC", re.compile(r"gc_heap|GCHeap|WKS::|SVR::|GCToEEInterface|memset|memmove.*libcoreclr|JIT_New|AllocateObject|Alloc\b")),
    ("fsync", re.compile(r"fsync|fdatasync|sync_file_range|jbd2")),
    ("SQL: SQLite file I/O (pwrite/pread, kernel page cache)", re.compile(r"ext4_|vfs_write|vfs_read|__x64_sys_pwrite|__x64_sys_pread|filemap_|generic_perform_write|__libc_pwrite|__libc_pread|fcntl_setlk|locks_")),
    ("ASP.NET/Kestrel: sockets (kernel)", re.compile(r"tcp_|sock_|inet_|__x64_sys_(sendto|recvfrom|sendmsg|recvmsg|epoll)|epoll_|ep_poll|__sys_sendto|__sys_recvfrom|skb_|ip_|net_rx|__napi|loopback")),
    ("kernel: scheduler, futex, page faults", re.compile(r"futex|schedule|__x64_sys_sched|do_user_addr_fault|exc_page_fault|finish_task_switch|__x64_sys_nanosleep|mprotect|madvise|mmap")),
    ("SQL: SQLite (native)", re.compile(r"libe_sqlite3\.so|sqlite3[A-Za-z]")),
    ("runtime: libcoreclr (GC, allocation, type system, stubs)", re.compile(r"libcoreclr\.so|libclrgc|ReportStubBlock|\[vdso\]")),
    ("crypto and random numbers (libcrypto)", re.compile(r"libcrypto|System\.Security\.Cryptography")),
    ("EF Core (page reads, background sweeps)", re.compile(r"Microsoft\.EntityFrameworkCore")),
    ("SQL: managed (SQLitePCL, Microsoft.Data.Sqlite, WriteSession)", re.compile(r"SQLitePCL|Microsoft\.Data\.Sqlite|\[LeadRouting\.Web\] LeadRouting\.Web\.Leads\.WriteSession")),
    ("telemetry", re.compile(r"OpenTelemetry|System\.Diagnostics\.DiagnosticSource|System\.Diagnostics\.Activity|LeadRoutingTracing|LeadRoutingMetrics|Diagnostics\.Metrics|HostingMetrics|HostingApplicationDiagnostics")),
    ("JSON", re.compile(r"System\.Text\.Json")),
    ("Brotli compression of stored traces", re.compile(r"libSystem\.IO\.Compression|Brotli")),
    ("trace rendering", re.compile(r"TraceStep|StoredTrace|TraceText|Trace[A-Z][A-Za-z]*Render|Rendered`")),
    ("routing (LeadRouting.Core)", re.compile(r"\[LeadRouting\.Core\]")),
    ("writer loop and ingestion (LeadWriter, LeadIngestionService, LeadRecorder, LeadMapper)", re.compile(r"LeadWriter|LeadIngestionService|LeadRecorder|LeadMapper|SqlRoutingState|HistoryRecorder")),
    ("parsing the request (LeadRequestReader, LeadSchema)", re.compile(r"LeadRequestReader|LeadSchema")),
    ("API key check", re.compile(r"ApiKey")),
    ("API: rate limit, filters, endpoint", re.compile(r"\[LeadRouting\.Web\]")),
    ("ASP.NET/Kestrel (managed)", re.compile(r"Microsoft\.AspNetCore|Microsoft\.Extensions|System\.Net\.|System\.IO\.Pipelines|Kestrel")),
]
FALLBACK = [
    ("runtime: CoreLib (threads, async, strings) and libcoreclr", re.compile(r"System\.Private\.CoreLib|libcoreclr|libclrgc|libSystem")),
    ("kernel: other", re.compile(r"kernel\.kallsyms")),
]
JSON_OWNER = [
    ("request body", re.compile(r"ReadFromJson|HandleRequestBody|TryReadBody|JsonRequestDecoding|ReadFromJsonAsync|Deserialize.*Lead|LeadSubmission")),
    ("stored trace", re.compile(r"StoredTrace|TraceJson")),
    ("outbox payload / live event", re.compile(r"WriteOutbox|LeadEventJson|OutboxDispatcher|LeadEvent")),
    ("response", re.compile(r"WriteAsJson|ExecuteValueTaskOfObject|ExecuteTaskResult|JsonHttpResult|TypedResults|Created|HttpResultsHelper|WriteJsonResponse")),
]


def samples(path):
    frames, header = [], None
    with open(path, errors="replace") as f:
        for line in f:
            if not line.strip():
                if header is not None:
                    yield header, frames
                frames, header = [], None
            elif line[0] not in " \t":
                header = line
            else:
                frames.append(line.strip())
    if header is not None:
        yield header, frames


def classify(frames):
    for i, frame in enumerate(frames):
        for name, pattern in SPECIFIC:
            if pattern.search(frame):
                if name == "JSON":
                    rest = "\n".join(frames[i:])
                    for owner, op in JSON_OWNER:
                        if op.search(rest):
                            return f"JSON: {owner}"
                    return "JSON: other"
                return name
    for frame in frames:
        for name, pattern in FALLBACK:
            if pattern.search(frame):
                return name
    return "other (frames perf could not name)"


def where(frames):
    """Which part of the app the sample's thread was serving."""
    stack = "\n".join(frames)
    if "LeadWriter" in stack:
        return "the writer (LeadWriter's loop, one transaction per batch)"
    if re.search(r"HttpProtocol|Kestrel|Microsoft\.AspNetCore", stack):
        return "HTTP requests outside the writer (Kestrel, endpoint, answer)"
    if re.search(r"Quartz|BackgroundService|Sweep|Dispatcher|Checkpointer|Outbox", stack):
        return "background (jobs, outbox dispatch, checkpoints)"
    if "libclrjit" in stack:
        return "JIT"
    return "other threads or stacks perf could not follow"


def main():
    counts, threads = Counter(), Counter()
    total = 0
    for header, frames in samples(sys.argv[1]):
        total += 1
        counts[classify(frames)] += 1
        threads[where(frames)] += 1
    leads = float(sys.argv[2]) if len(sys.argv) > 2 else None
    print(f"{total} samples")
    for name, n in counts.most_common():
        extra = f"  {n / leads * 1000:8.1f} samples per 1,000 leads" if leads else ""
        print(f"  {100 * n / total:5.1f} %  {n:6d}  {name}{extra}")
    print("where:")
    for name, n in threads.most_common(12):
        print(f"  {100 * n / total:5.1f} %  {name}")


if __name__ == "__main__":
    main()
