"""The ceiling: a bare Tornado app, one process, answering a constant JSON body on every path.

Run: .venv/bin/python benchmarks/bare_tornado.py PORT
The served benchmark drives it with the same load generator and settings as the real server, so
the real server's requests/s can be read as a share of what Tornado alone does on this machine.
"""

import asyncio
import sys

from tornado.web import Application, RequestHandler

BODY = b'{"status": "ok"}'


class ConstantHandler(RequestHandler):
    def get(self, _: str) -> None:
        self.set_header("Content-Type", "application/json; charset=utf-8")
        self.finish(BODY)


async def main(port: int) -> None:
    app = Application([(r"/(.*)", ConstantHandler)])
    app.listen(port, address="127.0.0.1")
    await asyncio.Event().wait()


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1])))
