import CapsuleCore
import CapsuleBinary

/// Largest number of pages an `i32` memory may declare (4 GiB).
let maximumMemoryPages: UInt64 = 65536
/// Largest number of pages an `i64` memory may declare (2^48 pages: 2^64 bytes).
let maximumMemory64Pages: UInt64 = 1 << 48

extension Module {
    /// Validates everything outside function bodies that the bodies rely on, in the reference
    /// interpreter's order: imported and defined table and memory types, globals, element segments
    /// and data segments (each global's initialiser sees the imported globals and the globals
    /// defined before it; segment offsets and items see every global).
    func validateDeclarations(_ context: ModuleContext) throws(ValidationError) {
        for entry in imports {
            switch entry.descriptor {
            case .function: break // type index checked when building the context
            case .table(let type):
                try locating(.import) { () throws(ValidationError) in try Self.validateTableType(type, offset: 0) }
            case .memory(let type):
                try locating(.import) { () throws(ValidationError) in try Self.validateMemoryType(type, offset: 0) }
            case .global: break // every global type is valid
            case .tag: break // checked when building the context
            }
        }
        for (defined, global) in globals.enumerated() {
            // 3.0: an initialiser may read the imported globals and those defined before it.
            try context.validateConstant(
                global.initializer, expected: context.globals[context.importedGlobalCount + defined].valueType,
                visibleGlobals: context.importedGlobalCount + defined)
        }
        let importedTables = context.tables.count - tables.count
        for (defined, table) in tables.enumerated() {
            try locating(.table) { () throws(ValidationError) in try Self.validateTableType(table, offset: 0) }
            let elementType = context.tables[importedTables + defined].elementType
            if defined < tableInitializers.count, let initializer = tableInitializers[defined] {
                // The table section precedes the global section: only imported globals are visible.
                try context.validateConstant(initializer, expected: elementType, visibleGlobals: context.importedGlobalCount)
            } else if !elementType.isDefaultable {
                throw ValidationError("type mismatch: a table of non-nullable \(elementType) needs an initialiser",
                                      offset: SectionLocator.offset(of: .table, in: bytes))
            }
        }
        for memory in memories {
            try locating(.memory) { () throws(ValidationError) in try Self.validateMemoryType(memory, offset: 0) }
        }
        for segment in elements {
            try validateElementSegment(segment, context)
        }
        for segment in datas {
            if case .active(let memory, let offsetExpression) = segment.mode {
                let type = try context.memory(memory, at: segment.offset)
                try context.validateConstant(offsetExpression, expected: type.addressType.valueType)
            }
        }
    }

    func validateElementSegment(_ segment: ElementSegment, _ context: ModuleContext) throws(ValidationError) {
        guard segment.type.isReference else {
            throw ValidationError("malformed reference type", offset: segment.offset)
        }
        let type = try context.resolve(segment.type, at: segment.offset)
        for item in segment.initializers {
            try context.validateConstant(item, expected: type)
        }
        if case .active(let tableIndex, let offsetExpression) = segment.mode {
            let table = try context.table(tableIndex, at: segment.offset)
            guard context.isSubtype(type, table.elementType) else {
                throw ValidationError(
                    "type mismatch: element segment of \(segment.type) for a table of \(table.elementType)", offset: segment.offset)
            }
            try context.validateConstant(offsetExpression, expected: table.addressType.valueType)
        }
    }

    /// Checks the start function (`[] -> []`) and the exports (indices in range, names unique).
    func validateStartAndExports(_ context: ModuleContext) throws(ValidationError) {
        if let start {
            try locating(.start) { () throws(ValidationError) in
                let signature = try context.functionSignature(start, at: 0)
                guard signature.paramCount == 0, signature.resultCount == 0 else {
                    throw ValidationError("start function must not have parameters or results", offset: 0)
                }
            }
        }
        // Names are compared as bytes: Swift's String equality would merge canonically equivalent
        // spellings (such as U+00C5 and U+212B), which the specification treats as different names.
        var names = Set<[UInt8]>()
        names.reserveCapacity(exports.count)
        try locating(.export) { () throws(ValidationError) in
            for export in exports {
                switch export.descriptor {
                case .function(let index): _ = try context.functionSignature(index, at: 0)
                case .table(let index): _ = try context.table(index, at: 0)
                case .memory(let index): try context.checkMemory(index, at: 0)
                case .global(let index): _ = try context.global(index, at: 0)
                case .tag(let index): _ = try context.tagSignature(index, at: 0)
                }
                guard names.insert(Array(export.name.utf8)).inserted else {
                    throw ValidationError("duplicate export name", offset: 0)
                }
            }
        }
    }

    /// Runs `body`, giving any error it throws the offset of `section` (found only when there is an error).
    func locating<T>(_ section: SectionLocator.SectionID, _ body: () throws(ValidationError) -> T) throws(ValidationError) -> T {
        do {
            return try body()
        } catch {
            var located = error
            located.offset = SectionLocator.offset(of: section, in: bytes)
            throw located
        }
    }

    /// Table limits: the minimum must not exceed the maximum; an `i32` table's sizes are below 2^32.
    static func validateTableType(_ type: TableType, offset: Int) throws(ValidationError) {
        guard type.elementType.isReference else { throw ValidationError("malformed reference type", offset: offset) }
        if type.addressType == .i32 {
            guard type.limits.min <= UInt64(UInt32.max), (type.limits.max ?? 0) <= UInt64(UInt32.max) else {
                throw ValidationError("table size must be at most 2^32-1", offset: offset)
            }
        }
        if let max = type.limits.max, type.limits.min > max {
            throw ValidationError("size minimum must not be greater than maximum", offset: offset)
        }
    }

    /// Memory limits: at most 65536 pages for an `i32` memory (2^48 for `i64`), and the minimum must
    /// not exceed the maximum.
    static func validateMemoryType(_ type: MemoryType, offset: Int) throws(ValidationError) {
        let bound = type.addressType == .i64 ? maximumMemory64Pages : maximumMemoryPages
        let message = type.addressType == .i64
            ? "memory size must be at most 2^48 pages (256TiB)" : "memory size must be at most 65536 pages (4GiB)"
        guard type.limits.min <= bound else { throw ValidationError(message, offset: offset) }
        if let max = type.limits.max {
            guard max <= bound else { throw ValidationError(message, offset: offset) }
            guard type.limits.min <= max else {
                throw ValidationError("size minimum must not be greater than maximum", offset: offset)
            }
        }
    }
}
