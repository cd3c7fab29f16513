# Calls the embedder through CPython's built-in _host module (the module's host.call import).
import _host
for request in (b"hello", b"capsule"):
    print(request.decode(), "->", _host.call(request).decode())
