import CapsuleCLI
import Foundation
import Testing

@Suite struct InspectCommandTests {
    @Test func describesModuleAsText() {
        let result = capsule("inspect", Fixtures.path("wasi.wat"))
        #expect(result.status == 0)
        let text = result.output
        #expect(text.contains("functions: 13 (12 imported, 1 defined)"))
        #expect(text.contains("wasi_snapshot_preview1.fd_write: func [i32 i32 i32 i32] -> [i32]"))
        #expect(text.contains("_start: func 12"))
        #expect(text.contains("0: min 1 pages, max 2"))
        #expect(text.contains("0: funcref, min 1, max none"))
        #expect(text.contains("0: mut i32"))
        #expect(text.contains("filesystem: fd_write, path_open"))
        #expect(text.contains("args and environment: args_sizes_get, environ_get"))
        #expect(text.contains("not in preview 1: not_a_wasi_call"))
    }

    @Test func describesModuleAsJSON() throws {
        let result = capsule("inspect", "--json", Fixtures.path("wasi.wat"))
        #expect(result.status == 0)
        let summary = try JSONDecoder().decode(ModuleSummary.self, from: Data(result.output.utf8))
        #expect(summary.valid)
        #expect(summary.functionCount == 13)
        #expect(summary.importedFunctionCount == 12)
        #expect(summary.imports.count == 12)
        #expect(summary.exports.map(\.name) == ["memory", "_start"])
        #expect(summary.memories.map(\.minPages) == [1])
        #expect(summary.memories.map(\.maxPages) == [2])
        #expect(summary.tables.count == 1)
        #expect(summary.globals.map(\.type) == ["i32"])
        #expect(summary.globals.map(\.mutable) == [true])
        #expect(summary.customSections.map(\.name).contains("name"))
    }

    /// Multi-memory and memory64: every memory is listed with its address type, tables too.
    @Test func listsEveryMemoryWithItsAddressType() throws {
        let text = capsule("inspect", Fixtures.path("memories.wat")).output
        #expect(text.contains("memories: 3"))
        #expect(text.contains("0: min 1 pages, max 2, i32 (imported)"))
        #expect(text.contains("1: min 3 pages, max none, i64"))
        #expect(text.contains("2: min 0 pages, max 1, i32"))
        #expect(text.contains("0: funcref, min 4, max none, i64"))
        #expect(text.contains("env.shared: memory pages 1..2"))
        let json = capsule("inspect", "--json", Fixtures.path("memories.wat")).output
        let summary = try JSONDecoder().decode(ModuleSummary.self, from: Data(json.utf8))
        #expect(summary.memories.map(\.addressType) == ["i32", "i64", "i32"])
        #expect(summary.memories.map(\.minPages) == [1, 3, 0])
        #expect(summary.tables.map(\.addressType) == ["i64"])
    }

    @Test func groupsWASIImportsByCapability() throws {
        let result = capsule("inspect", "--json", Fixtures.path("wasi.wat"))
        let summary = try JSONDecoder().decode(ModuleSummary.self, from: Data(result.output.utf8))
        let wasi = try #require(summary.wasi)
        #expect(wasi.modules == ["wasi_snapshot_preview1", "wasi_unstable"])
        let groups = Dictionary(uniqueKeysWithValues: wasi.groups.map { ($0.capability, $0.functions) })
        #expect(groups[.filesystem] == ["fd_write", "path_open"])
        #expect(groups[.clocks] == ["clock_time_get"])
        #expect(groups[.random] == ["random_get"])
        #expect(groups[.argsAndEnvironment] == ["args_sizes_get", "environ_get"])
        #expect(groups[.process] == ["proc_exit", "sched_yield"])
        #expect(groups[.sockets] == ["sock_accept"])
        #expect(groups[.polling] == ["poll_oneoff"])
        #expect(wasi.groups.map(\.capability) == WASICapability.allCases)
        #expect(wasi.unknown == ["not_a_wasi_call"])
    }

    @Test func jsonKeysAreStable() throws {
        let result = capsule("inspect", "--json", Fixtures.path("valid.wasm"))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any])
        let expected: Set<String> = [
            "file", "valid", "functionCount", "importedFunctionCount", "imports", "exports", "memories", "tables",
            "globals", "tags", "customSections",
        ]
        #expect(Set(object.keys) == expected)  // `validationError` and `wasi` appear only when set.
    }

    @Test func moduleWithoutWASI() {
        let result = capsule("inspect", Fixtures.path("valid.wasm"))
        #expect(result.status == 0)
        #expect(result.output.contains("WASI preview 1: none"))
    }

    @Test func malformedModuleIsOneLineError() {
        let path = Fixtures.path("malformed.wasm")
        let result = capsule("inspect", path)
        #expect(result.status == 1)
        #expect(result.errors.hasPrefix("\(path): offset "))
    }

    @Test func invalidModuleIsDescribedAndMarkedInvalid() {
        let result = capsule("inspect", Fixtures.path("invalid.wasm"))
        #expect(result.status == 0)
        #expect(result.output.contains("valid: no ("))
    }

    @Test func tableCoversAllPreview1Functions() {
        #expect(WASIPreview1.functions.count == 46)
        #expect(Set(WASIPreview1.functions.values) == Set(WASICapability.allCases))
    }
}
