import CapsuleCLI
import Foundation
import Testing

/// `capsule preinit`: the pre-initialised module prints what the original prints, without running
/// the initialisation again.
@Suite struct PreinitCommandTests {
    /// `_start` initialises unless already initialised, then prints "count=N" where N counts the
    /// initialisations; `wizer.initialize` is the initialisation, as wizer's convention has it.
    static let program = """
        (module
          (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
          (memory (export "memory") 1)
          (global $ready (mut i32) (i32.const 0))
          (data (i32.const 100) "count=0\\n")
          (func $init
            (i32.store8 (i32.const 106) (i32.add (i32.load8_u (i32.const 106)) (i32.const 1)))
            (global.set $ready (i32.const 1)))
          (func (export "wizer.initialize") (call $init))
          (func (export "_start")
            (if (i32.eqz (global.get $ready)) (then (call $init)))
            (i32.store (i32.const 0) (i32.const 100))
            (i32.store (i32.const 4) (i32.const 8))
            (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))))
        """

    private func directory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("capsule-preinit-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test func thePreinitialisedModulePrintsWhatTheOriginalPrints() throws {
        let folder = try directory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let source = folder.appendingPathComponent("app.wat").path
        let output = folder.appendingPathComponent("app.init.wasm").path
        try Self.program.write(toFile: source, atomically: true, encoding: .utf8)
        let original = capsule("run", source)
        #expect(original.status == 0)
        #expect(original.output == "count=1\n")
        let written = capsule("preinit", source, "-o", output)
        #expect(written.status == 0, "\(written.errors)")
        let rerun = capsule("run", output)
        #expect(rerun.status == 0, "\(rerun.errors)")
        #expect(rerun.output == original.output)
        // The initialisation export is gone: pre-initialising again has nothing to call.
        let again = capsule("preinit", output, "-o", output + ".2")
        #expect(again.status == 1)
        #expect(again.errors.contains("no export _initialize"))
    }

    @Test func aReactorsInitializeIsRemovedOnceTheStateIsInitialised() throws {
        // Running `_initialize` again on the initialised state would run constructors twice.
        let folder = try directory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let source = folder.appendingPathComponent("reactor.wat").path
        let output = folder.appendingPathComponent("reactor.init.wasm").path
        try """
            (module
              (global $n (mut i32) (i32.const 0))
              (func (export "_initialize") (global.set $n (i32.add (global.get $n) (i32.const 10))))
              (func (export "wizer.initialize") (global.set $n (i32.add (global.get $n) (i32.const 1))))
              (func (export "get") (result i32) (global.get $n)))
            """.write(toFile: source, atomically: true, encoding: .utf8)
        #expect(capsule("run", "--invoke", "get", source).output == "10\n")
        #expect(capsule("preinit", source, "-o", output).status == 0)
        let rerun = capsule("run", "--invoke", "get", output)
        #expect(rerun.status == 0, "\(rerun.errors)")
        #expect(rerun.output == "1\n")
    }

    @Test func aFailingInitialisationWritesNothing() throws {
        let folder = try directory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let source = folder.appendingPathComponent("trap.wat").path
        let output = folder.appendingPathComponent("out.wasm").path
        try "(module (func (export \"init\") unreachable))".write(toFile: source, atomically: true, encoding: .utf8)
        let result = capsule("preinit", source, "-o", output, "--init-func", "init")
        #expect(result.status == 1)
        #expect(result.errors.contains("trapped: unreachable"))
        #expect(!FileManager.default.fileExists(atPath: output))
        let missing = capsule("preinit", source, "-o", output, "--init-func", "nope")
        #expect(missing.status == 1)
        #expect(missing.errors.contains("no export nope"))
    }
}
