import CapsuleCLI
import CapsuleComponent
import CapsuleEngine
import CapsuleWASI
import CapsuleWASI2
import Foundation
import Testing

/// The componentize-py fixture (Fixtures/python/app.py, CPython inside): one component that is a command
/// under `capsule run` and an HTTP handler under `WASI2Host.handle`.
@Suite struct PythonComponentTests {
    /// The fixture unpacked (it is committed gzipped), once per test process.
    static let path = Result { () throws -> String in
        let packed = try Fixture.path("python/app.wasm.gz")
        let target = FileManager.default.temporaryDirectory.appendingPathComponent("capsule-python-\(getpid()).wasm").path
        if FileManager.default.fileExists(atPath: target) { return target }
        let gzip = Process()
        gzip.executableURL = URL(fileURLWithPath: "/bin/gzip")
        gzip.arguments = ["-dc", packed]
        let output = Pipe()
        gzip.standardOutput = output
        try gzip.run()
        let bytes = output.fileHandleForReading.readDataToEndOfFile()
        gzip.waitUntilExit()
        guard gzip.terminationStatus == 0 else { throw ComponentCallError("gzip -dc \(packed) failed") }
        try bytes.write(to: URL(fileURLWithPath: target))
        return target
    }

    func directory() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("capsule-python-data-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        try "some text here\n".write(toFile: path + "/in.txt", atomically: true, encoding: .utf8)
        return path
    }

    @Test func itRunsAsACommand() throws {
        let app = try Self.path.get()
        let data = try directory()
        defer { try? FileManager.default.removeItem(atPath: data) }
        let console = BufferConsole()
        let status = CapsuleCommand.run(arguments: ["run", "--dir", "\(data)::/data", "--env", "GREETING=hi", app, "a", "b"], console: console)
        #expect(status == 0, "\(console.errorOutput)")
        #expect(console.output == "args: ['a', 'b']\nenv: hi\ncopied 15 characters\n")
        #expect(try String(contentsOfFile: data + "/out.txt", encoding: .utf8) == "SOME TEXT HERE\n")
        // sys.exit(3): WASI 0.2.0's exit takes a result, so the status is 1 (as under wasmtime).
        let failing = BufferConsole()
        #expect(CapsuleCommand.run(arguments: ["run", "--dir", "\(data)::/data", app, "fail"], console: failing) == 1)
        #expect(failing.output.hasPrefix("args: ['fail']\nenv: None\n"))
    }

    @Test func itAnswersHTTPRequests() throws {
        let component = try Component(decoding: [UInt8](try Data(contentsOf: URL(fileURLWithPath: try Self.path.get())))).validate()
        let responder = RecordingResponder()
        var configuration = WASIConfiguration(arguments: ["app"])
        configuration.standardError = WASIStreamFile(write: { _ in })
        let outcome = try WASI2Host(configuration).handle(
            component, in: Store(), request: WASIHTTPRequest(method: "POST", pathWithQuery: "/items?x=1"),
            body: BufferedHTTPBody([UInt8](repeating: 65, count: 100_000)), responder: responder)
        #expect(outcome == .complete)
        #expect(responder.status == 200)
        #expect(responder.text == "{\"path\": \"/items?x=1\", \"received\": 100000}\n")
        #expect(throws: Trap.self) {
            _ = try WASI2Host(configuration).handle(
                component, in: Store(), request: WASIHTTPRequest(method: "GET", pathWithQuery: "/trap"),
                body: BufferedHTTPBody(), responder: RecordingResponder())
        }
    }
}
