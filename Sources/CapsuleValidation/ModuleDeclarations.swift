import CapsuleCore
import CapsuleBinary

/// Largest number of pages a 2.0 memory may declare (4 GiB).
let maximumMemoryPages: UInt32 = 65536

extension Module {
    /// Validates everything outside function bodies that the bodies rely on, in the reference
    /// interpreter's order: imported and defined table and memory types, globals, element segments
    /// and data segments (the last three in the context `C'` whose globals are the imported ones).
    func validateDeclarations(_ context: ModuleContext) throws(ValidationError) {
        for entry in imports {
            switch entry.descriptor {
            case .function: break // type index checked when building the context
            case .table(let type):
                try Self.validateTableType(type, offset: SectionLocator.offset(of: .import, in: bytes))
            case .memory(let type):
                try Self.validateMemoryType(type, offset: SectionLocator.offset(of: .import, in: bytes))
            case .global: break // every global type is valid
            }
        }
        for global in globals {
            try context.validateConstant(global.initializer, expected: global.type.valueType)
        }
        for table in tables {
            try Self.validateTableType(table, offset: SectionLocator.offset(of: .table, in: bytes))
        }
        for memory in memories {
            try Self.validateMemoryType(memory, offset: SectionLocator.offset(of: .memory, in: bytes))
        }
        for segment in elements {
            try validateElementSegment(segment, context)
        }
        for segment in datas {
            if case .active(let memory, let offsetExpression) = segment.mode {
                try context.checkMemory(memory, at: segment.offset)
                try context.validateConstant(offsetExpression, expected: .i32)
            }
        }
    }

    func validateElementSegment(_ segment: ElementSegment, _ context: ModuleContext) throws(ValidationError) {
        guard segment.type.isReference else {
            throw ValidationError("malformed reference type", offset: segment.offset)
        }
        for item in segment.initializers {
            try context.validateConstant(item, expected: segment.type)
        }
        if case .active(let tableIndex, let offsetExpression) = segment.mode {
            let table = try context.table(tableIndex, at: segment.offset)
            guard table.elementType == segment.type else {
                throw ValidationError(
                    "type mismatch: element segment of \(segment.type) for a table of \(table.elementType)", offset: segment.offset)
            }
            try context.validateConstant(offsetExpression, expected: .i32)
        }
    }

    /// Checks the start function (`[] -> []`) and the exports (indices in range, names unique).
    func validateStartAndExports(_ context: ModuleContext) throws(ValidationError) {
        if let start {
            let offset = SectionLocator.offset(of: .start, in: bytes)
            let signature = try context.functionSignature(start, at: offset)
            guard signature.paramCount == 0, signature.resultCount == 0 else {
                throw ValidationError("start function must not have parameters or results", offset: offset)
            }
        }
        // Names are compared as bytes: Swift's String equality would merge canonically equivalent
        // spellings (such as U+00C5 and U+212B), which the specification treats as different names.
        var names = Set<[UInt8]>()
        names.reserveCapacity(exports.count)
        for export in exports {
            let offset = SectionLocator.offset(of: .export, in: bytes)
            switch export.descriptor {
            case .function(let index): _ = try context.functionSignature(index, at: offset)
            case .table(let index): _ = try context.table(index, at: offset)
            case .memory(let index): try context.checkMemory(index, at: offset)
            case .global(let index): _ = try context.global(index, at: offset)
            }
            guard names.insert(Array(export.name.utf8)).inserted else {
                throw ValidationError("duplicate export name", offset: offset)
            }
        }
    }

    /// Table limits: the minimum must not exceed the maximum (both are 32-bit, so no other bound applies).
    static func validateTableType(_ type: TableType, offset: Int) throws(ValidationError) {
        guard type.elementType.isReference else { throw ValidationError("malformed reference type", offset: offset) }
        if let max = type.limits.max, type.limits.min > max {
            throw ValidationError("size minimum must not be greater than maximum", offset: offset)
        }
    }

    /// Memory limits: at most 65536 pages, and the minimum must not exceed the maximum.
    static func validateMemoryType(_ type: MemoryType, offset: Int) throws(ValidationError) {
        guard type.limits.min <= maximumMemoryPages else {
            throw ValidationError("memory size must be at most 65536 pages (4GiB)", offset: offset)
        }
        if let max = type.limits.max {
            guard max <= maximumMemoryPages else {
                throw ValidationError("memory size must be at most 65536 pages (4GiB)", offset: offset)
            }
            guard type.limits.min <= max else {
                throw ValidationError("size minimum must not be greater than maximum", offset: offset)
            }
        }
    }
}
