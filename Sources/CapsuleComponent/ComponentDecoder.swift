import CapsuleBinary
import CapsuleCore

extension Component {
    /// Whether `bytes` start with a component's preamble (`\0asm`, version 0x0d, layer 1) rather than a
    /// core module's.
    public static func isComponent(_ bytes: [UInt8]) -> Bool {
        bytes.count >= 8 && Array(bytes[0..<4]) == [0x00, 0x61, 0x73, 0x6D] && bytes[6] == 0x01 && bytes[7] == 0x00
    }

    /// Decodes a component binary (the component model's binary format, version 0x0d). Nested core
    /// modules are decoded as core modules; nothing is validated.
    ///
    /// ```swift
    /// let component = try Component(decoding: bytes)
    /// ```
    /// - Throws: ``DecodeError`` with the byte offset, for anything malformed, and for the features
    ///   Capsule does not decode (value and start definitions, core GC types).
    public init(decoding bytes: [UInt8]) throws(DecodeError) {
        var reader = ByteReader(bytes: bytes, endMessage: DecodeError.Message.unexpectedEnd)
        self = try ComponentDecoder.decode(&reader, depth: 0)
    }
}

/// Reads components, sections and definitions.
enum ComponentDecoder {
    /// How deeply components, types and declarations may nest (a bound on recursion for hostile input).
    static let maximumDepth = 64

    static func decode(_ reader: inout ByteReader, depth: Int) throws(DecodeError) -> Component {
        var component = Component()
        component.bytes = reader.bytes
        component.offset = reader.offset
        guard depth < maximumDepth else { throw DecodeError("components nested too deeply", offset: reader.offset) }
        let magic = try reader.readFixedU32()
        guard magic == 0x6D73_6100 else { throw DecodeError(DecodeError.Message.magicHeaderNotDetected, offset: component.offset) }
        let versionOffset = reader.offset
        let version = UInt16(try reader.readByte()) | UInt16(try reader.readByte()) << 8
        let layer = UInt16(try reader.readByte()) | UInt16(try reader.readByte()) << 8
        guard layer == 1 else { throw DecodeError("not a component: layer \(layer)", offset: versionOffset + 2) }
        guard version == 0x0d else { throw DecodeError("unknown component binary version 0x\(String(version, radix: 16))", offset: versionOffset) }
        while !reader.isAtEnd {
            let sectionOffset = reader.offset
            let id = try reader.readByte()
            let size = try reader.readLength()
            guard size <= reader.remaining else { throw DecodeError(DecodeError.Message.unexpectedEnd, offset: reader.offset) }
            let range = reader.offset..<(reader.offset + size)
            var section = ByteReader(bytes: reader.bytes, range: range)
            try decodeSection(id, &section, at: sectionOffset, into: &component, depth: depth)
            guard section.isAtEnd else { throw DecodeError(DecodeError.Message.sectionSizeMismatch, offset: section.offset) }
            reader.offset = range.upperBound
        }
        return component
    }

    static func decodeSection(
        _ id: UInt8, _ section: inout ByteReader, at offset: Int, into component: inout Component, depth: Int
    ) throws(DecodeError) {
        switch id {
        case 0:
            let name = try section.readName()
            component.customSections.append((name, section.offset..<section.end))
            section.offset = section.end
        case 1:
            let range = section.offset..<section.end
            do throws(DecodeError) {
                let module = try Module(decoding: Array(section.bytes[range]))
                component.definitions.append(.coreModule(module, offset: range.lowerBound))
            } catch {
                throw DecodeError(error.message, offset: error.offset + range.lowerBound)
            }
            section.offset = section.end
        case 2:
            for _ in 0..<(try section.readLength()) {
                let at = section.offset
                component.definitions.append(.coreInstance(try readCoreInstance(&section), offset: at))
            }
        case 3:
            for _ in 0..<(try section.readLength()) {
                let at = section.offset
                component.definitions.append(.coreType(try readCoreType(&section, depth: depth + 1), offset: at))
            }
        case 4:
            var nested = ByteReader(bytes: section.bytes, range: section.offset..<section.end)
            component.definitions.append(.component(try decode(&nested, depth: depth + 1)))
            section.offset = section.end
        case 5:
            for _ in 0..<(try section.readLength()) {
                let at = section.offset
                component.definitions.append(.instance(try readInstance(&section), offset: at))
            }
        case 6:
            for _ in 0..<(try section.readLength()) {
                let at = section.offset
                component.definitions.append(.alias(try readAlias(&section), offset: at))
            }
        case 7:
            for _ in 0..<(try section.readLength()) {
                let at = section.offset
                component.definitions.append(.type(try readType(&section, depth: depth + 1), offset: at))
            }
        case 8:
            for _ in 0..<(try section.readLength()) {
                let at = section.offset
                component.definitions.append(.canon(try readCanon(&section), offset: at))
            }
        case 10:
            for _ in 0..<(try section.readLength()) {
                let at = section.offset
                let (name, implements) = try readNameAttributes(&section)
                let type = try readExternType(&section)
                try checkImplements(implements, name: name, sort: type.sort, at: at)
                component.definitions.append(.import(ComponentImport(name: name, type: type), offset: at))
            }
        case 11:
            for _ in 0..<(try section.readLength()) {
                let at = section.offset
                let (name, implements) = try readNameAttributes(&section)
                let item = try readSortIndex(&section)
                let type = try readOptional(&section) { (reader) throws(DecodeError) in try readExternType(&reader) }
                try checkImplements(implements, name: name, sort: item.sort, at: at)
                component.definitions.append(.export(ComponentExport(name: name, item: item, type: type), offset: at))
            }
        case 9, 12:
            throw DecodeError("component \(id == 9 ? "start" : "value") definitions are not supported", offset: offset)
        default:
            throw DecodeError("malformed section id \(id)", offset: offset)
        }
    }

    // MARK: Definitions

    static func readCoreInstance(_ reader: inout ByteReader) throws(DecodeError) -> CoreInstanceExpression {
        let at = reader.offset
        switch try reader.readByte() {
        case 0x00:
            let module = try reader.readU32()
            var arguments: [(name: String, instance: UInt32)] = []
            for _ in 0..<(try reader.readLength()) {
                let name = try reader.readName()
                let sortOffset = reader.offset
                guard try reader.readByte() == 0x12 else { throw DecodeError("malformed instantiate argument: expected an instance", offset: sortOffset) }
                arguments.append((name, try reader.readU32()))
            }
            return .instantiate(module: module, arguments: arguments)
        case 0x01:
            var exports: [(name: String, item: CoreSortIndex)] = []
            for _ in 0..<(try reader.readLength()) {
                let name = try reader.readName()
                exports.append((name, try readCoreSortIndex(&reader)))
            }
            return .exports(exports)
        default:
            throw DecodeError("malformed core instance expression", offset: at)
        }
    }

    static func readInstance(_ reader: inout ByteReader) throws(DecodeError) -> InstanceExpression {
        let at = reader.offset
        switch try reader.readByte() {
        case 0x00:
            let component = try reader.readU32()
            var arguments: [(name: String, item: SortIndex)] = []
            for _ in 0..<(try reader.readLength()) {
                let name = try reader.readName()
                arguments.append((name, try readSortIndex(&reader)))
            }
            return .instantiate(component: component, arguments: arguments)
        case 0x01:
            var exports: [(name: String, item: SortIndex)] = []
            for _ in 0..<(try reader.readLength()) {
                let at = reader.offset
                let (name, implements) = try readNameAttributes(&reader)
                let item = try readSortIndex(&reader)
                try checkImplements(implements, name: name, sort: item.sort, at: at)
                exports.append((name, item))
            }
            return .exports(exports)
        default:
            throw DecodeError("malformed instance expression", offset: at)
        }
    }

    static func readCoreSort(_ reader: inout ByteReader) throws(DecodeError) -> CoreSort {
        let at = reader.offset
        guard let sort = CoreSort(rawValue: try reader.readByte()) else { throw DecodeError("malformed core sort", offset: at) }
        return sort
    }

    static func readSort(_ reader: inout ByteReader) throws(DecodeError) -> Sort {
        let at = reader.offset
        switch try reader.readByte() {
        case 0x00: return .core(try readCoreSort(&reader))
        case 0x01: return .function
        case 0x02: return .value
        case 0x03: return .type
        case 0x04: return .component
        case 0x05: return .instance
        default: throw DecodeError("malformed sort", offset: at)
        }
    }

    static func readCoreSortIndex(_ reader: inout ByteReader) throws(DecodeError) -> CoreSortIndex {
        let sort = try readCoreSort(&reader)
        return CoreSortIndex(sort: sort, index: try reader.readU32())
    }

    static func readSortIndex(_ reader: inout ByteReader) throws(DecodeError) -> SortIndex {
        let sort = try readSort(&reader)
        return SortIndex(sort: sort, index: try reader.readU32())
    }

    static func readAlias(_ reader: inout ByteReader) throws(DecodeError) -> Alias {
        let sort = try readSort(&reader)
        let at = reader.offset
        switch try reader.readByte() {
        case 0x00:
            let instance = try reader.readU32()
            return .instanceExport(sort: sort, instance: instance, name: try reader.readName())
        case 0x01:
            guard case .core(let coreSort) = sort else { throw DecodeError("malformed alias: a core export needs a core sort", offset: at) }
            let instance = try reader.readU32()
            return .coreInstanceExport(sort: coreSort, instance: instance, name: try reader.readName())
        case 0x02:
            let count = try reader.readU32()
            return .outer(sort: sort, count: count, index: try reader.readU32())
        default:
            throw DecodeError("malformed alias target", offset: at)
        }
    }

    /// `nameattributes`: the name (with a discriminant byte) and, for 0x02, its attributes: the
    /// `implements` interface is returned, `versionsuffix` and `external-id` are read and dropped; each
    /// kind may appear once.
    static func readNameAttributes(_ reader: inout ByteReader) throws(DecodeError) -> (name: String, implements: String?) {
        let at = reader.offset
        switch try reader.readByte() {
        case 0x00, 0x01:
            return (try reader.readName(), nil)
        case 0x02:
            let name = try reader.readName()
            var implements: String?
            var seen: Set<UInt8> = []
            for _ in 0..<(try reader.readLength()) {
                let attributeOffset = reader.offset
                let kind = try reader.readByte()
                guard kind <= 0x02 else { throw DecodeError("malformed name attribute", offset: attributeOffset) }
                guard seen.insert(kind).inserted else { throw DecodeError("duplicate name attribute", offset: attributeOffset) }
                let value = try reader.readName()
                if kind == 0x00 { implements = value }
            }
            return (name, implements)
        default:
            throw DecodeError("malformed import or export name", offset: at)
        }
    }

    /// The rules of `implements` (Explainer.md): only on an instance with a plain label for a name, and
    /// its value an interface name.
    static func checkImplements(_ implements: String?, name: String, sort: Sort, at offset: Int) throws(DecodeError) {
        guard let implements else { return }
        guard sort == .instance else { throw DecodeError("only instances can have an `implements`", offset: offset) }
        guard case .label? = ExternName.parse(name) else { throw DecodeError("name `\(name)` is not valid with `implements`", offset: offset) }
        guard !implements.isEmpty else { throw DecodeError("`implements` is not a valid name", offset: offset) }
        guard ExternName.isInterfaceName(implements) else { throw DecodeError("`implements` value `\(implements)` must be an interface name", offset: offset) }
    }

    static func readOptional<T>(_ reader: inout ByteReader, _ read: (inout ByteReader) throws(DecodeError) -> T) throws(DecodeError) -> T? {
        let at = reader.offset
        switch try reader.readByte() {
        case 0x00: return nil
        case 0x01: return try read(&reader)
        default: throw DecodeError("malformed optional: expected 0x00 or 0x01", offset: at)
        }
    }

    // MARK: Types

    static func readCoreType(_ reader: inout ByteReader, depth: Int) throws(DecodeError) -> CoreTypeDefinition {
        guard depth < maximumDepth else { throw DecodeError("types nested too deeply", offset: reader.offset) }
        let at = reader.offset
        switch try reader.readByte() {
        case 0x60:
            let params = try reader.readResultType()
            return .function(FuncType(params: params, results: try reader.readResultType()))
        case 0x50:
            var declarations: [CoreModuleDeclaration] = []
            for _ in 0..<(try reader.readLength()) {
                let declarationOffset = reader.offset
                switch try reader.readByte() {
                case 0x00:
                    let module = try reader.readName()
                    let name = try reader.readName()
                    declarations.append(.import(module: module, name: name, try reader.readImportDescriptor()))
                case 0x01:
                    declarations.append(.type(try readCoreType(&reader, depth: depth + 1)))
                case 0x02:
                    let sortOffset = reader.offset
                    guard try reader.readByte() == 0x10, try reader.readByte() == 0x01 else {
                        throw DecodeError("malformed core module type alias", offset: sortOffset)
                    }
                    let count = try reader.readU32()
                    declarations.append(.outerTypeAlias(count: count, index: try reader.readU32()))
                case 0x03:
                    let name = try reader.readName()
                    declarations.append(.export(name: name, try reader.readImportDescriptor()))
                default:
                    throw DecodeError("malformed core module type declaration", offset: declarationOffset)
                }
            }
            return .module(declarations)
        case 0x4E, 0x4F, 0x00:
            throw DecodeError("core GC types in components are not supported", offset: at)
        default:
            throw DecodeError(DecodeError.Message.malformedFunctionType, offset: at)
        }
    }

    static func readValueType(_ reader: inout ByteReader) throws(DecodeError) -> ValueTypeReference {
        let at = reader.offset
        if let byte = reader.peekByte(), let primitive = PrimitiveType(rawValue: byte) {
            reader.offset += 1
            return .primitive(primitive)
        }
        let value = try reader.readS33()
        guard value >= 0 else { throw DecodeError("malformed value type", offset: at) }
        guard value <= Int64(UInt32.max) else { throw DecodeError("type index out of range", offset: at) }
        return .index(UInt32(value))
    }

    static func readLabel(_ reader: inout ByteReader) throws(DecodeError) -> String {
        try reader.readName()
    }

    static func readType(_ reader: inout ByteReader, depth: Int) throws(DecodeError) -> ComponentType {
        guard depth < maximumDepth else { throw DecodeError("types nested too deeply", offset: reader.offset) }
        let at = reader.offset
        guard let opcode = reader.peekByte() else { throw DecodeError(DecodeError.Message.unexpectedEnd, offset: at) }
        switch opcode {
        case 0x40, 0x43:
            reader.offset += 1
            var parameters: [DefinedValueType.Field] = []
            for _ in 0..<(try reader.readLength()) {
                let name = try readLabel(&reader)
                parameters.append(.init(name: name, type: try readValueType(&reader)))
            }
            let resultOffset = reader.offset
            let result: ValueTypeReference?
            switch try reader.readByte() {
            case 0x00: result = try readValueType(&reader)
            case 0x01:
                guard try reader.readByte() == 0x00 else { throw DecodeError("malformed result list", offset: resultOffset) }
                result = nil
            default: throw DecodeError("malformed result list", offset: resultOffset)
            }
            return .function(ComponentFunctionType(isAsync: opcode == 0x43, parameters: parameters, result: result))
        case 0x41:
            reader.offset += 1
            var declarations: [ComponentDeclaration] = []
            for _ in 0..<(try reader.readLength()) {
                if reader.peekByte() == 0x03 {
                    reader.offset += 1
                    let at = reader.offset
                    let (name, implements) = try readNameAttributes(&reader)
                    let type = try readExternType(&reader)
                    try checkImplements(implements, name: name, sort: type.sort, at: at)
                    declarations.append(.import(name: name, type))
                } else {
                    declarations.append(.instance(try readInstanceDeclaration(&reader, depth: depth + 1)))
                }
            }
            return .component(declarations)
        case 0x42:
            reader.offset += 1
            var declarations: [InstanceDeclaration] = []
            for _ in 0..<(try reader.readLength()) { declarations.append(try readInstanceDeclaration(&reader, depth: depth + 1)) }
            return .instance(declarations)
        case 0x3F:
            reader.offset += 1
            let representation = try reader.readValueType()
            let destructor = try readOptional(&reader) { (r) throws(DecodeError) in try r.readU32() }
            return .resource(representation: representation, destructor: destructor)
        default:
            return .value(try readDefinedValueType(&reader))
        }
    }

    static func readInstanceDeclaration(_ reader: inout ByteReader, depth: Int) throws(DecodeError) -> InstanceDeclaration {
        let at = reader.offset
        switch try reader.readByte() {
        case 0x00: return .coreType(try readCoreType(&reader, depth: depth + 1))
        case 0x01: return .type(try readType(&reader, depth: depth + 1))
        case 0x02: return .alias(try readAlias(&reader))
        case 0x04:
            let nameOffset = reader.offset
            let (name, implements) = try readNameAttributes(&reader)
            let type = try readExternType(&reader)
            try checkImplements(implements, name: name, sort: type.sort, at: nameOffset)
            return .export(name: name, type)
        default: throw DecodeError("malformed instance type declaration", offset: at)
        }
    }

    static func readDefinedValueType(_ reader: inout ByteReader) throws(DecodeError) -> DefinedValueType {
        let at = reader.offset
        let opcode = try reader.readByte()
        if let primitive = PrimitiveType(rawValue: opcode) { return .primitive(primitive) }
        switch opcode {
        case 0x72:
            var fields: [DefinedValueType.Field] = []
            for _ in 0..<(try reader.readLength()) {
                let name = try readLabel(&reader)
                fields.append(.init(name: name, type: try readValueType(&reader)))
            }
            return .record(fields)
        case 0x71:
            var cases: [DefinedValueType.Case] = []
            for _ in 0..<(try reader.readLength()) {
                let name = try readLabel(&reader)
                let type = try readOptional(&reader) { (r) throws(DecodeError) in try readValueType(&r) }
                let refinesOffset = reader.offset
                guard try reader.readByte() == 0x00 else { throw DecodeError("malformed variant case: refinement not supported", offset: refinesOffset) }
                cases.append(.init(name: name, type: type))
            }
            return .variant(cases)
        case 0x70: return .list(try readValueType(&reader))
        case 0x67:
            let element = try readValueType(&reader)
            return .fixedList(element, length: try reader.readU32())
        case 0x6F:
            var types: [ValueTypeReference] = []
            for _ in 0..<(try reader.readLength()) { types.append(try readValueType(&reader)) }
            return .tuple(types)
        case 0x6E, 0x6D:
            var labels: [String] = []
            for _ in 0..<(try reader.readLength()) { labels.append(try readLabel(&reader)) }
            return opcode == 0x6E ? .flags(labels) : .enum(labels)
        case 0x6B: return .option(try readValueType(&reader))
        case 0x6A:
            let ok = try readOptional(&reader) { (r) throws(DecodeError) in try readValueType(&r) }
            let error = try readOptional(&reader) { (r) throws(DecodeError) in try readValueType(&r) }
            return .result(ok: ok, error: error)
        case 0x69: return .own(try reader.readU32())
        case 0x68: return .borrow(try reader.readU32())
        case 0x66: return .stream(try readOptional(&reader) { (r) throws(DecodeError) in try readValueType(&r) })
        case 0x65: return .future(try readOptional(&reader) { (r) throws(DecodeError) in try readValueType(&r) })
        case 0x63:
            let key = try readValueType(&reader)
            return .map(key: key, value: try readValueType(&reader))
        default:
            throw DecodeError("malformed defined type 0x\(String(opcode, radix: 16))", offset: at)
        }
    }

    static func readExternType(_ reader: inout ByteReader) throws(DecodeError) -> ExternType {
        let at = reader.offset
        switch try reader.readByte() {
        case 0x00:
            guard try reader.readByte() == 0x11 else { throw DecodeError("malformed extern type: expected a core module", offset: at) }
            return .coreModule(type: try reader.readU32())
        case 0x01: return .function(type: try reader.readU32())
        case 0x02:
            let boundOffset = reader.offset
            switch try reader.readByte() {
            case 0x00: return .value(.equal(try reader.readU32()))
            case 0x01: return .value(.type(try readValueType(&reader)))
            default: throw DecodeError("malformed value bound", offset: boundOffset)
            }
        case 0x03:
            let boundOffset = reader.offset
            switch try reader.readByte() {
            case 0x00: return .type(.equal(try reader.readU32()))
            case 0x01: return .type(.subResource)
            default: throw DecodeError("malformed type bound", offset: boundOffset)
            }
        case 0x04: return .component(type: try reader.readU32())
        case 0x05: return .instance(type: try reader.readU32())
        default: throw DecodeError("malformed extern type", offset: at)
        }
    }

    // MARK: Canonical definitions

    static func readCanon(_ reader: inout ByteReader) throws(DecodeError) -> Canon {
        let at = reader.offset
        let opcode = try reader.readByte()
        switch opcode {
        case 0x00:
            guard try reader.readByte() == 0x00 else { throw DecodeError("malformed canon lift", offset: at) }
            let function = try reader.readU32()
            let options = try readCanonicalOptions(&reader)
            return .lift(coreFunction: function, options: options, type: try reader.readU32())
        case 0x01:
            guard try reader.readByte() == 0x00 else { throw DecodeError("malformed canon lower", offset: at) }
            let function = try reader.readU32()
            return .lower(function: function, options: try readCanonicalOptions(&reader))
        case 0x02: return .resourceNew(type: try reader.readU32())
        case 0x03: return .resourceDrop(type: try reader.readU32())
        case 0x04: return .resourceRep(type: try reader.readU32())
        default:
            throw DecodeError("canonical built-in 0x\(String(opcode, radix: 16)) (async, threads or error contexts) is not supported", offset: at)
        }
    }

    static func readCanonicalOptions(_ reader: inout ByteReader) throws(DecodeError) -> CanonicalOptions {
        var options = CanonicalOptions()
        for _ in 0..<(try reader.readLength()) {
            let at = reader.offset
            func once(_ present: Bool) throws(DecodeError) {
                if present { throw DecodeError("duplicate or conflicting canonical option", offset: at) }
            }
            switch try reader.readByte() {
            case 0x00:
                try once(options.stringEncoding != nil)
                options.stringEncoding = .utf8
            case 0x01:
                try once(options.stringEncoding != nil)
                options.stringEncoding = .utf16
            case 0x02:
                try once(options.stringEncoding != nil)
                options.stringEncoding = .latin1UTF16
            case 0x03:
                try once(options.memory != nil)
                options.memory = try reader.readU32()
            case 0x04:
                try once(options.realloc != nil)
                options.realloc = try reader.readU32()
            case 0x05:
                try once(options.postReturn != nil)
                options.postReturn = try reader.readU32()
            case 0x06:
                try once(options.isAsync)
                options.isAsync = true
            case 0x07:
                try once(options.callback != nil)
                options.callback = try reader.readU32()
            default:
                throw DecodeError("malformed canonical option", offset: at)
            }
        }
        return options
    }
}
