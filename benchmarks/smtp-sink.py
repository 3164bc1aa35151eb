#!/usr/bin/env python3
"""A minimal SMTP sink for load runs (booking-load.sh): accepts every message on 127.0.0.1:PORT, keeps nothing, and on
SIGTERM/SIGINT prints how many messages it accepted. Plain SMTP only (no TLS, no AUTH): point the app at it with
Notifications__Smtp__UseTls=false. Usage: python3 smtp-sink.py PORT"""
import asyncio
import signal
import sys

count = 0


async def handle(reader, writer):
    global count
    writer.write(b"220 sink ESMTP\r\n")
    await writer.drain()
    data = False
    try:
        while True:
            line = await asyncio.wait_for(reader.readline(), 120)
            if not line:
                break
            if data:
                if line in (b".\r\n", b".\n"):
                    data = False
                    count += 1
                    writer.write(b"250 OK queued\r\n")
                    await writer.drain()
                continue
            verb = line[:4].upper()
            if verb == b"EHLO":
                writer.write(b"250-sink\r\n250-8BITMIME\r\n250 SMTPUTF8\r\n")
            elif verb == b"DATA":
                writer.write(b"354 end with <CRLF>.<CRLF>\r\n")
                data = True
            elif verb == b"QUIT":
                writer.write(b"221 bye\r\n")
                await writer.drain()
                break
            else:  # HELO, MAIL, RCPT, RSET, NOOP
                writer.write(b"250 OK\r\n")
            await writer.drain()
    except (asyncio.TimeoutError, ConnectionError):
        pass
    finally:
        writer.close()


async def main(port):
    server = await asyncio.start_server(handle, "127.0.0.1", port)
    stop = asyncio.get_running_loop().create_future()
    for sig in (signal.SIGTERM, signal.SIGINT):
        asyncio.get_running_loop().add_signal_handler(sig, lambda: stop.done() or stop.set_result(None))
    print("listening", flush=True)
    await stop
    server.close()
    print(f"messages accepted: {count}", flush=True)


asyncio.run(main(int(sys.argv[1])))
