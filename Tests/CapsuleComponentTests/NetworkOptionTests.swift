@testable import CapsuleCLI
import CapsuleWASI2
import Testing

/// wasmtime's `-S` network options on `capsule run`: what they grant a component's `wasi:sockets`.
@Suite struct NetworkOptionTests {
    func grant(_ arguments: [String]) throws -> NetworkGrant {
        var command = try #require(try CapsuleCommand.parseAsRoot(["run"] + arguments + ["app.wasm"]) as? RunCommand)
        try command.applyWasmtimeOptions()
        return try command.networkGrant()
    }

    @Test func theNetworkIsGrantedOnlyWhenAsked() throws {
        let none = try grant([])
        #expect(!none.inherit && !none.nameLookup)
        let inherited = try grant(["-S", "inherit-network"])
        #expect(inherited.inherit && inherited.tcp && inherited.udp && !inherited.nameLookup)
        let narrowed = try grant(["-S", "inherit-network,allow-ip-name-lookup,udp=n"])
        #expect(narrowed.inherit && narrowed.nameLookup && narrowed.tcp && !narrowed.udp)
        let withdrawn = try grant(["-S", "inherit-network", "-S", "inherit-network=n"])
        #expect(!withdrawn.inherit)
    }

    @Test func aBadValueIsAUsageError() {
        let console = BufferConsole()
        #expect(CapsuleCommand.run(arguments: ["run", "-S", "tcp=maybe", "app.wasm"], console: console) == 2)
        #expect(console.errorOutput.contains("tcp=maybe"))
    }
}
