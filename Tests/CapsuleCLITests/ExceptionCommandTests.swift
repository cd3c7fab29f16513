import CapsuleCLI
import Foundation
import Testing

/// `capsule run` on an uncaught Wasm exception, and `capsule inspect` on a module with tags.
@Suite struct ExceptionCommandTests {
    private func run(_ text: String, _ flags: [String]) throws -> (status: Int32, output: String, errors: String) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("capsule-exceptions-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("guest.wat")
        try text.write(to: file, atomically: true, encoding: .utf8)
        let console = BufferConsole()
        let status = CapsuleCommand.run(arguments: ["run"] + flags + [file.path], console: console)
        return (status, console.output, console.errorOutput)
    }

    @Test func anUncaughtExceptionExits134NamingTheTagWithABacktrace() throws {
        let result = try run("""
            (module
              (tag $failed (export "failed") (param i32))
              (func $deep (throw $failed (i32.const 7)))
              (func $start (export "start") (call $deep)))
            """, ["--invoke", "start"])
        #expect(result.status == 134)
        #expect(result.errors.contains("uncaught exception failed(i32:7)"))
        #expect(result.errors.contains("wasm backtrace:\n  0: deep\n  1: start"))
    }

    @Test func aTagWithoutAnExportNameIsNamedByItsIndex() throws {
        let result = try run("""
            (module (tag) (tag) (func (export "f") (throw 1)))
            """, ["--invoke", "f"])
        #expect(result.status == 134)
        #expect(result.errors.contains("uncaught exception"))
        #expect(result.errors.contains("tag[1]") || result.errors.contains("exception 1"))
    }

    @Test func inspectListsImportedDefinedAndExportedTags() throws {
        let text = capsule("inspect", Fixtures.path("exceptions.wat")).output
        #expect(text.contains("env.ext: tag [i32] -> []"))
        #expect(text.contains("mine: tag 1"))
        #expect(text.contains("tags: 3"))
        #expect(text.contains("0: [i32] -> [] (imported)"))
        #expect(text.contains("1: [i64 f32] -> [] exported as mine"))
        #expect(text.contains("2: [] -> []\n"))

        let json = capsule("inspect", "--json", Fixtures.path("exceptions.wat")).output
        let summary = try JSONDecoder().decode(ModuleSummary.self, from: Data(json.utf8))
        #expect(summary.tags.map(\.imported) == [true, false, false])
        #expect(summary.tags.map(\.exports) == [[], ["mine"], []])
        #expect(summary.tags[1].type == "[i64 f32] -> []")
    }
}
