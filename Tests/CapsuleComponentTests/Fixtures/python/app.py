# The componentize-py fixture: one component that is both a command (wasi:cli/run: prints its arguments
# and an environment variable, copies /data/in.txt to /data/out.txt in capitals, exits with an error when
# asked) and an HTTP handler (answers JSON about the request; /trap raises). Built by
# Scripts/build-python-fixture.sh against the WIT in ../http/wit (world `app`).
import json
import os
import sys

from componentize_py_types import Ok
from wit_world import exports
from wit_world.imports.types import Fields, IncomingRequest, Method_Post, OutgoingBody, OutgoingResponse, ResponseOutparam


class Run(exports.Run):
    def run(self) -> None:
        print("args:", sys.argv[1:])
        print("env:", os.environ.get("GREETING"))
        with open("/data/in.txt") as f:
            text = f.read()
        with open("/data/out.txt", "w") as f:
            f.write(text.upper())
        print("copied", len(text), "characters")
        if "fail" in sys.argv:
            sys.exit(3)


class IncomingHandler(exports.IncomingHandler):
    def handle(self, request: IncomingRequest, response_out: ResponseOutparam) -> None:
        path = request.path_with_query() or "/"
        if path.startswith("/trap"):
            raise RuntimeError("failing on purpose")
        received = 0
        if isinstance(request.method(), Method_Post):
            stream = request.consume().stream()
            while True:
                try:
                    received += len(stream.blocking_read(65536))
                except Exception:
                    break
        payload = json.dumps({"path": path, "received": received}).encode() + b"\n"
        headers = Fields()
        headers.append("content-type", b"application/json")
        response = OutgoingResponse(headers)
        body = response.body()
        ResponseOutparam.set(response_out, Ok(response))
        stream = body.write()
        stream.blocking_write_and_flush(payload)
        stream.__exit__(None, None, None)
        OutgoingBody.finish(body, None)
