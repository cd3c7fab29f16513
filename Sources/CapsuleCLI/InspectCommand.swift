import ArgumentParser
import CapsuleBinary
import CapsuleComponent
import CapsuleValidation
import Foundation

/// `capsule inspect FILE [--json]`: describes a module's interface.
struct InspectCommand: ConsoleCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Describe a module: imports, exports, memories, tables, globals, custom sections, WASI use.",
        discussion: """
            FILE is a binary module (.wasm) or a text module (.wat). The WASI preview 1 functions the module \
            imports are grouped by the capability they need (filesystem, clocks, random, args and environment, \
            process, sockets, polling). For a component, prints its world in WIT: the interfaces it imports \
            (what it asks to be allowed to do) and exports, with their types and functions.

            Examples:
              capsule inspect module.wasm
              capsule inspect --json module.wasm
            """
    )

    @Argument(help: "The module to describe (.wasm or .wat).")
    var file: String

    @Flag(help: "Print JSON instead of text.")
    var json = false

    func execute(console: Console) -> Int32 {
        if let bytes = try? ModuleFile.binary(at: file), Component.isComponent(bytes) {
            return inspectComponent(bytes, console: console)
        }
        let module: Module
        do throws(FileProblem) {
            module = try ModuleFile.decode(at: file)
        } catch {
            console.writeError("\(error)\n")
            return 1
        }
        var validationError: String?
        do throws(CapsuleValidation.ValidationError) {
            _ = try module.validate()
        } catch {
            validationError = error.description
        }
        let summary = ModuleSummary(file: file, module: module, validationError: validationError)
        if json { return writeJSON(summary, console: console) }
        console.write(Self.text(summary))
        return 0
    }

    /// Writes `summary` as pretty-printed JSON; 1 if it cannot be encoded.
    func writeJSON(_ summary: some Encodable, console: Console) -> Int32 {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(summary) else {
            console.writeError("\(file): cannot encode the summary as JSON\n")
            return 1
        }
        console.write(String(decoding: data, as: UTF8.self) + "\n")
        return 0
    }

    /// A component: whether it is valid, and its world in WIT (what it imports is what it asks to be
    /// allowed to do).
    func inspectComponent(_ bytes: [UInt8], console: Console) -> Int32 {
        let validated: ValidatedComponent
        do throws(FileProblem) {
            validated = try ModuleFile.validateComponent(bytes, path: file)
        } catch {
            console.writeError("\(error)\n")
            return 1
        }
        let wit = validated.worldWIT()
        if json {
            struct Summary: Encodable {
                var file: String
                var kind = "component"
                var imports: [String]
                var exports: [String]
                var wit: String
            }
            return writeJSON(Summary(file: file, imports: validated.imports.map(\.name), exports: validated.exports.map(\.name), wit: wit), console: console)
        } else {
            console.write("\(file)\n  component, valid: yes\n  imports: \(validated.imports.count)\n  exports: \(validated.exports.count)\n\n\(wit)")
        }
        return 0
    }

    /// The human-readable form.
    static func text(_ summary: ModuleSummary) -> String {
        var lines: [String] = []
        lines.append(summary.file)
        lines.append("  valid: \(summary.validationError.map { "no (\($0))" } ?? "yes")")
        let defined = summary.functionCount - summary.importedFunctionCount
        lines.append("  functions: \(summary.functionCount) (\(summary.importedFunctionCount) imported, \(defined) defined)")
        lines.append("  imports: \(summary.imports.count)")
        for entry in summary.imports {
            lines.append("    \(entry.module).\(entry.name): \(entry.kind) \(entry.type)")
        }
        lines.append("  exports: \(summary.exports.count)")
        for entry in summary.exports {
            lines.append("    \(entry.name): \(entry.kind) \(entry.index)")
        }
        lines.append("  memories: \(summary.memories.count)")
        for (i, memory) in summary.memories.enumerated() {
            let max = memory.maxPages.map(String.init) ?? "none"
            lines.append("    \(i): min \(memory.minPages) pages, max \(max), \(memory.addressType)\(memory.imported ? " (imported)" : "")")
        }
        lines.append("  tables: \(summary.tables.count)")
        for (i, table) in summary.tables.enumerated() {
            let max = table.max.map(String.init) ?? "none"
            lines.append("    \(i): \(table.elementType), min \(table.min), max \(max), \(table.addressType)\(table.imported ? " (imported)" : "")")
        }
        lines.append("  globals: \(summary.globals.count)")
        for (i, global) in summary.globals.enumerated() {
            lines.append("    \(i): \(global.mutable ? "mut " : "")\(global.type)\(global.imported ? " (imported)" : "")")
        }
        lines.append("  tags: \(summary.tags.count)")
        for (i, tag) in summary.tags.enumerated() {
            let exported = tag.exports.isEmpty ? "" : " exported as \(tag.exports.joined(separator: ", "))"
            lines.append("    \(i): \(tag.type)\(tag.imported ? " (imported)" : "")\(exported)")
        }
        lines.append("  custom sections: \(summary.customSections.count)")
        for section in summary.customSections {
            lines.append("    \(section.name) (\(section.size) bytes)")
        }
        if let wasi = summary.wasi {
            lines.append("  WASI preview 1 (\(wasi.modules.joined(separator: ", "))):")
            for group in wasi.groups {
                lines.append("    \(group.capability.title): \(group.functions.joined(separator: ", "))")
            }
            if !wasi.unknown.isEmpty {
                lines.append("    not in preview 1: \(wasi.unknown.joined(separator: ", "))")
            }
        } else {
            lines.append("  WASI preview 1: none")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
