# A wasi:http/proxy handler in Python, built into a component by componentize-py (see README.md):
# answers every request with JSON about it; POST bodies are read and counted; /trap raises.
import json

from componentize_py_types import Ok
from wit_world import exports
from wit_world.imports.types import (
    Fields, IncomingRequest, Method_Post, OutgoingBody, OutgoingResponse, ResponseOutparam,
)


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
                except Exception:  # the stream is closed: the body is over
                    break
        payload = json.dumps({"path": path, "received": received, "squares": [i * i for i in range(5)]}).encode() + b"\n"
        headers = Fields()
        headers.append("content-type", b"application/json")
        response = OutgoingResponse(headers)
        body = response.body()
        ResponseOutparam.set(response_out, Ok(response))
        stream = body.write()
        stream.blocking_write_and_flush(payload)
        stream.__exit__(None, None, None)
        OutgoingBody.finish(body, None)
