import CapsuleBinary
import CapsuleCore

/// What `capsule inspect` reports about a module. The JSON form uses these property names as keys.
public struct ModuleSummary: Codable, Sendable, Hashable {
    /// An imported item.
    public struct ImportEntry: Codable, Sendable, Hashable {
        /// The import module name, such as `wasi_snapshot_preview1`.
        public var module: String
        /// The field name.
        public var name: String
        /// `func`, `table`, `memory`, `global` or `tag`.
        public var kind: String
        /// The item's type, such as `[i32 i32] -> [i32]` or `i32 mut`.
        public var type: String
    }

    /// An exported item.
    public struct ExportEntry: Codable, Sendable, Hashable {
        /// The export name.
        public var name: String
        /// `func`, `table`, `memory`, `global` or `tag`.
        public var kind: String
        /// Index in the kind's index space (imports first).
        public var index: UInt32
    }

    /// A memory, imported or defined.
    public struct MemoryEntry: Codable, Sendable, Hashable {
        /// Minimum size in 64 KiB pages.
        public var minPages: UInt64
        /// Maximum size in pages, when limited.
        public var maxPages: UInt64?
        /// Whether it is imported rather than defined by the module.
        public var imported: Bool
        /// `i32`, or `i64` for a 64-bit memory (memory64).
        public var addressType: String
    }

    /// A table, imported or defined.
    public struct TableEntry: Codable, Sendable, Hashable {
        /// `funcref` or `externref`.
        public var elementType: String
        /// Minimum number of elements.
        public var min: UInt64
        /// Maximum number of elements, when limited.
        public var max: UInt64?
        /// Whether it is imported rather than defined by the module.
        public var imported: Bool
        /// `i32`, or `i64` for a 64-bit table (table64).
        public var addressType: String
    }

    /// A global, imported or defined.
    public struct GlobalEntry: Codable, Sendable, Hashable {
        /// The value type, such as `i32`.
        public var type: String
        /// Whether the global is mutable.
        public var mutable: Bool
        /// Whether it is imported rather than defined by the module.
        public var imported: Bool
    }

    /// An exception tag, imported or defined.
    public struct TagEntry: Codable, Sendable, Hashable {
        /// The payload's types, such as `[i32 f64] -> []`.
        public var type: String
        /// Whether it is imported rather than defined by the module.
        public var imported: Bool
        /// The names it is exported under.
        public var exports: [String]
    }

    /// A custom section.
    public struct CustomSectionEntry: Codable, Sendable, Hashable {
        /// The section name.
        public var name: String
        /// Payload size in bytes.
        public var size: Int
    }

    /// The WASI functions of one capability that the module imports.
    public struct WASIGroup: Codable, Sendable, Hashable {
        /// The capability.
        public var capability: WASICapability
        /// The imported functions that need it, sorted.
        public var functions: [String]
    }

    /// The module's use of WASI preview 1.
    public struct WASIUsage: Codable, Sendable, Hashable {
        /// The import module names used (`wasi_snapshot_preview1`, `wasi_unstable`).
        public var modules: [String]
        /// Imported functions grouped by capability, in the order of ``WASICapability``.
        public var groups: [WASIGroup]
        /// Names imported from a WASI module that preview 1 does not define.
        public var unknown: [String]
    }

    /// The path as given.
    public var file: String
    /// Whether the module validated.
    public var valid: Bool
    /// The validation error, when it did not.
    public var validationError: String?
    /// Functions in the index space: imported plus defined.
    public var functionCount: Int
    /// Imported functions (the first entries of the function index space).
    public var importedFunctionCount: Int
    /// Every import, in order.
    public var imports: [ImportEntry]
    /// Every export, in order.
    public var exports: [ExportEntry]
    /// Memories in index order: imported first, then defined.
    public var memories: [MemoryEntry]
    /// Tables in index order: imported first, then defined.
    public var tables: [TableEntry]
    /// Globals in index order: imported first, then defined.
    public var globals: [GlobalEntry]
    /// Exception tags in index order: imported first, then defined.
    public var tags: [TagEntry] = []
    /// Custom sections, in order.
    public var customSections: [CustomSectionEntry]
    /// Present when the module imports from a WASI preview 1 module.
    public var wasi: WASIUsage?
}

extension ModuleSummary {
    /// Summarises a decoded module. `validationError` is `nil` for a valid module.
    init(file: String, module: Module, validationError: String?) {
        self.file = file
        self.valid = validationError == nil
        self.validationError = validationError
        let importedFunctions = module.importedFunctionCount
        self.importedFunctionCount = importedFunctions
        self.functionCount = importedFunctions + module.functions.count

        var imports: [ImportEntry] = []
        var memories: [MemoryEntry] = []
        var tables: [TableEntry] = []
        var globals: [GlobalEntry] = []
        var tags: [TagEntry] = []
        for entry in module.imports {
            switch entry.descriptor {
            case .function(let typeIndex):
                let type = Int(typeIndex) < module.types.count ? module.types[Int(typeIndex)].description : "type \(typeIndex)"
                imports.append(ImportEntry(module: entry.module, name: entry.name, kind: "func", type: type))
            case .table(let table):
                imports.append(ImportEntry(module: entry.module, name: entry.name, kind: "table", type: Self.describe(table)))
                tables.append(TableEntry(table, imported: true))
            case .memory(let memory):
                imports.append(ImportEntry(module: entry.module, name: entry.name, kind: "memory", type: Self.describe(memory)))
                memories.append(MemoryEntry(memory, imported: true))
            case .global(let global):
                imports.append(ImportEntry(module: entry.module, name: entry.name, kind: "global", type: Self.describe(global)))
                globals.append(GlobalEntry(global, imported: true))
            case .tag(let typeIndex):
                let type = Self.describeTag(typeIndex, in: module)
                imports.append(ImportEntry(module: entry.module, name: entry.name, kind: "tag", type: type))
                tags.append(TagEntry(type: type, imported: true, exports: []))
            }
        }
        tags += module.tags.map { TagEntry(type: Self.describeTag($0, in: module), imported: false, exports: []) }
        for export in module.exports {
            if case .tag(let index) = export.descriptor, Int(index) < tags.count { tags[Int(index)].exports.append(export.name) }
        }
        self.tags = tags
        memories += module.memories.map { MemoryEntry($0, imported: false) }
        tables += module.tables.map { TableEntry($0, imported: false) }
        globals += module.globals.map { GlobalEntry($0.type, imported: false) }
        self.imports = imports
        self.memories = memories
        self.tables = tables
        self.globals = globals

        self.exports = module.exports.map { export in
            switch export.descriptor {
            case .function(let index): return ExportEntry(name: export.name, kind: "func", index: index)
            case .table(let index): return ExportEntry(name: export.name, kind: "table", index: index)
            case .memory(let index): return ExportEntry(name: export.name, kind: "memory", index: index)
            case .global(let index): return ExportEntry(name: export.name, kind: "global", index: index)
            case .tag(let index): return ExportEntry(name: export.name, kind: "tag", index: index)
            }
        }
        self.customSections = module.customSections.map { CustomSectionEntry(name: $0.name, size: $0.range.count) }
        self.wasi = Self.wasiUsage(module.imports)
    }

    private static func wasiUsage(_ imports: [Import]) -> WASIUsage? {
        var modules: [String] = []
        var byCapability: [WASICapability: [String]] = [:]
        var unknown: [String] = []
        for entry in imports where WASIPreview1.moduleNames.contains(entry.module) {
            if !modules.contains(entry.module) { modules.append(entry.module) }
            if let capability = WASIPreview1.functions[entry.name], case .function = entry.descriptor {
                if !(byCapability[capability]?.contains(entry.name) ?? false) {
                    byCapability[capability, default: []].append(entry.name)
                }
            } else if !unknown.contains(entry.name) {
                unknown.append(entry.name)
            }
        }
        guard !modules.isEmpty else { return nil }
        let groups = WASICapability.allCases.compactMap { capability in
            byCapability[capability].map { WASIGroup(capability: capability, functions: $0.sorted()) }
        }
        return WASIUsage(modules: modules, groups: groups, unknown: unknown.sorted())
    }

    static func describe(_ limits: Limits) -> String {
        limits.max.map { "\(limits.min)..\($0)" } ?? "\(limits.min).."
    }

    static func describe(_ table: TableType) -> String {
        "\(table.addressType == .i64 ? "i64 " : "")\(table.elementType) \(describe(table.limits))"
    }

    static func describe(_ memory: MemoryType) -> String { "\(memory.addressType == .i64 ? "i64 " : "")pages \(describe(memory.limits))" }

    static func describeTag(_ typeIndex: UInt32, in module: Module) -> String {
        Int(typeIndex) < module.types.count ? module.types[Int(typeIndex)].description : "type \(typeIndex)"
    }

    static func describe(_ global: GlobalType) -> String { global.isMutable ? "mut \(global.valueType)" : "\(global.valueType)" }
}

extension ModuleSummary.MemoryEntry {
    init(_ memory: MemoryType, imported: Bool) {
        self.init(minPages: memory.limits.min, maxPages: memory.limits.max, imported: imported, addressType: memory.addressType.description)
    }
}

extension ModuleSummary.TableEntry {
    init(_ table: TableType, imported: Bool) {
        self.init(
            elementType: table.elementType.description, min: table.limits.min, max: table.limits.max, imported: imported,
            addressType: table.addressType.description)
    }
}

extension ModuleSummary.GlobalEntry {
    init(_ global: GlobalType, imported: Bool) {
        self.init(type: global.valueType.description, mutable: global.isMutable, imported: imported)
    }
}
