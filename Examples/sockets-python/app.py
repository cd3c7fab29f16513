# A command that talks TCP through wasi:sockets' bindings directly (componentize-py's CPython has no
# `socket` module): connects to 127.0.0.1:PORT, sends a line, prints the answer, then looks up a name.
import sys

from componentize_py_types import Err
from wit_world import exports
from wit_world.imports import instance_network, ip_name_lookup, network, tcp_create_socket


class Run(exports.Run):
    def run(self) -> None:
        port = int(sys.argv[1])
        net = instance_network.instance_network()
        try:
            sock = tcp_create_socket.create_tcp_socket(network.IpAddressFamily.IPV4)
            sock.start_connect(net, network.IpSocketAddress_Ipv4(network.Ipv4SocketAddress(port, (127, 0, 0, 1))))
            while True:
                try:
                    incoming, outgoing = sock.finish_connect()
                    break
                except Err as e:
                    if e.value != network.ErrorCode.WOULD_BLOCK:
                        raise
                    sock.subscribe().block()
        except Err as e:
            print("connect failed:", e.value.name)
            sys.exit(2)
        outgoing.blocking_write_and_flush(b"hello over wasi:sockets\n")
        print("got:", bytes(incoming.blocking_read(100)).decode().strip())
        try:
            names = ip_name_lookup.resolve_addresses(net, "localhost")
            found = []
            while (address := names.resolve_next_address()) is not None:
                found.append(address)
            print("localhost resolves:", len(found) > 0)
        except Err as e:
            print("lookup failed:", e.value.name)
