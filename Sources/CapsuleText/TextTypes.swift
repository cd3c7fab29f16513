/// Types of the text format (value, reference, heap, function, struct, array and recursive types): their
/// model, how they are read, and how they are encoded.

/// A heap type: an abstract one (by its binary code) or a defined type (by index).
enum HeapType: Hashable, Sendable {
    case abstract(UInt8)
    case index(UInt32)

    /// The abstract heap types by text name, with their binary codes.
    static let abstractCodes: [String: UInt8] = [
        "func": 0x70, "extern": 0x6F, "any": 0x6E, "eq": 0x6D, "i31": 0x6C, "struct": 0x6B, "array": 0x6A,
        "exn": 0x69, "noexn": 0x74, "nofunc": 0x73, "noextern": 0x72, "none": 0x71,
    ]

    func encode(_ w: inout BinaryWriter) {
        switch self {
        case .abstract(let code): w.byte(code)
        case .index(let index): w.s64(Int64(index))
        }
    }
}

/// A reference type `(ref null? ht)`.
struct RefType: Hashable, Sendable {
    var nullable: Bool
    var heap: HeapType

    /// The shorthand reference types (`funcref` is `(ref null func)`).
    static let shorthands: [String: UInt8] = [
        "funcref": 0x70, "externref": 0x6F, "anyref": 0x6E, "eqref": 0x6D, "i31ref": 0x6C, "structref": 0x6B,
        "arrayref": 0x6A, "exnref": 0x69, "nullexnref": 0x74, "nullfuncref": 0x73, "nullexternref": 0x72, "nullref": 0x71,
    ]

    func encode(_ w: inout BinaryWriter) {
        if nullable, case .abstract(let code) = heap {
            w.byte(code)
            return
        }
        w.byte(nullable ? 0x63 : 0x64)
        heap.encode(&w)
    }
}

/// A value type: a number or vector type (by its binary code) or a reference type.
enum ValType: Hashable, Sendable {
    case number(UInt8)
    case ref(RefType)

    static let numberCodes: [String: UInt8] = ["i32": 0x7F, "i64": 0x7E, "f32": 0x7D, "f64": 0x7C, "v128": 0x7B]

    func encode(_ w: inout BinaryWriter) {
        switch self {
        case .number(let code): w.byte(code)
        case .ref(let ref): ref.encode(&w)
        }
    }
}

/// A function type.
struct FuncSignature: Hashable, Sendable {
    var params: [ValType] = []
    var results: [ValType] = []
}

/// The type of a struct field or array element: a value type or a packed `i8`/`i16`, maybe mutable.
struct FieldType: Hashable, Sendable {
    /// `nil` for a value type; 0x78 for `i8`, 0x77 for `i16`.
    var packed: UInt8?
    var type: ValType
    var mutable: Bool

    func encode(_ w: inout BinaryWriter) {
        if let packed { w.byte(packed) } else { type.encode(&w) }
        w.byte(mutable ? 1 : 0)
    }
}

/// A composite type.
enum CompositeType: Hashable, Sendable {
    case function(FuncSignature)
    case structure([FieldType])
    case array(FieldType)
}

/// A sub type: a composite type with its supertypes and finality.
struct SubType: Hashable, Sendable {
    var isFinal = true
    var supertypes: [UInt32] = []
    var composite: CompositeType

    /// Whether this is a plain `(func ...)` definition that an implicit type use may refer to.
    var plainSignature: FuncSignature? {
        guard isFinal, supertypes.isEmpty, case .function(let signature) = composite else { return nil }
        return signature
    }

    func encode(_ w: inout BinaryWriter) {
        if !isFinal || !supertypes.isEmpty {
            w.byte(isFinal ? 0x4F : 0x50)
            w.u32(UInt32(supertypes.count))
            for s in supertypes { w.u32(s) }
        }
        switch composite {
        case .function(let signature):
            w.byte(0x60)
            w.u32(UInt32(signature.params.count))
            for t in signature.params { t.encode(&w) }
            w.u32(UInt32(signature.results.count))
            for t in signature.results { t.encode(&w) }
        case .structure(let fields):
            w.byte(0x5F)
            w.u32(UInt32(fields.count))
            for f in fields { f.encode(&w) }
        case .array(let field):
            w.byte(0x5E)
            field.encode(&w)
        }
    }
}

/// A type definition of the type section: one entry, alone or the first of a `rec` group.
struct TypeDefinition: Sendable {
    var subtype: SubType
    /// For the first type of a `(rec ...)` group, the group's size; `nil` for a type outside a group and
    /// for the later types of a group.
    var recGroupSize: Int?
    var inRecGroup: Bool
}

extension ModuleParser {
    /// Resolves a type index or `$id`.
    mutating func typeIndex() throws(TextError) -> UInt32 {
        try index(in: \.types, kind: "type")
    }

    /// Whether the next token starts a value type.
    var atValType: Bool {
        if let word = cursor.keyword() {
            return ValType.numberCodes[word] != nil || RefType.shorthands[word] != nil
        }
        return cursor.isList("ref")
    }

    mutating func heapType() throws(TextError) -> HeapType {
        if let word = cursor.keyword(), let code = HeapType.abstractCodes[word] {
            cursor.advance()
            return .abstract(code)
        }
        if cursor.token.kind == .id || cursor.isNat {
            return .index(try typeIndex())
        }
        throw cursor.unexpected()
    }

    mutating func refType() throws(TextError) -> RefType {
        if let word = cursor.keyword(), let code = RefType.shorthands[word] {
            cursor.advance()
            return RefType(nullable: true, heap: .abstract(code))
        }
        guard cursor.takeList("ref") else { throw cursor.unexpected() }
        let nullable = cursor.take("null")
        let heap = try heapType()
        try cursor.expectRightParen()
        return RefType(nullable: nullable, heap: heap)
    }

    mutating func valType() throws(TextError) -> ValType {
        if let word = cursor.keyword(), let code = ValType.numberCodes[word] {
            cursor.advance()
            return .number(code)
        }
        guard cursor.keyword().flatMap({ RefType.shorthands[$0] }) != nil || cursor.isList("ref") else {
            throw cursor.token.kind == .keyword ? cursor.error("unknown type") : cursor.unexpected()
        }
        return .ref(try refType())
    }

    /// `(param ...)*` then `(result ...)*`, collecting parameter ids (in order, `nil` for unnamed ones).
    /// With `allowNames` false (block types, inline types of `call_indirect`), a named parameter is an error.
    mutating func signature(names: inout [String?], allowNames: Bool) throws(TextError) -> FuncSignature {
        var signature = FuncSignature()
        while cursor.isList("param") {
            cursor.advance(2)
            if cursor.token.kind == .id {
                guard allowNames else { throw cursor.unexpected() }
                names.append(cursor.takeID())
                signature.params.append(try valType())
            } else {
                while cursor.token.kind != .rightParen {
                    signature.params.append(try valType())
                    names.append(nil)
                }
            }
            try cursor.expectRightParen()
        }
        while cursor.isList("result") {
            cursor.advance(2)
            while cursor.token.kind != .rightParen { signature.results.append(try valType()) }
            try cursor.expectRightParen()
        }
        return signature
    }

    mutating func fieldType() throws(TextError) -> FieldType {
        if cursor.takeList("mut") {
            var field = try storageType()
            field.mutable = true
            try cursor.expectRightParen()
            return field
        }
        return try storageType()
    }

    private mutating func storageType() throws(TextError) -> FieldType {
        if cursor.take("i8") { return FieldType(packed: 0x78, type: .number(0x7F), mutable: false) }
        if cursor.take("i16") { return FieldType(packed: 0x77, type: .number(0x7F), mutable: false) }
        return FieldType(packed: nil, type: try valType(), mutable: false)
    }

    /// A composite type `(func ...)`, `(struct ...)`, `(array ...)`; struct field ids go to `fieldNames`.
    mutating func compositeType(fieldNames: inout [String: UInt32]) throws(TextError) -> CompositeType {
        try cursor.expectLeftParen()
        let head = cursor.token
        switch cursor.takeKeyword() {
        case "func":
            var names: [String?] = []
            let signature = try signature(names: &names, allowNames: true)
            try cursor.expectRightParen()
            return .function(signature)
        case "struct":
            var fields: [FieldType] = []
            while cursor.takeList("field") {
                if let id = cursor.takeID() {
                    if fieldNames[id] != nil { throw cursor.error("duplicate field", at: head) }
                    fieldNames[id] = UInt32(fields.count)
                    fields.append(try fieldType())
                } else {
                    while cursor.token.kind != .rightParen { fields.append(try fieldType()) }
                }
                try cursor.expectRightParen()
            }
            try cursor.expectRightParen()
            return .structure(fields)
        case "array":
            let field = try fieldType()
            try cursor.expectRightParen()
            return .array(field)
        default:
            throw cursor.error("unexpected token", at: head)
        }
    }

    /// `(sub final? x* comptype)` or a composite type.
    mutating func subType(fieldNames: inout [String: UInt32]) throws(TextError) -> SubType {
        guard cursor.takeList("sub") else {
            return SubType(composite: try compositeType(fieldNames: &fieldNames))
        }
        var sub = SubType(isFinal: cursor.take("final"), composite: .function(FuncSignature()))
        while cursor.token.kind == .id || cursor.isNat { sub.supertypes.append(try typeIndex()) }
        sub.composite = try compositeType(fieldNames: &fieldNames)
        try cursor.expectRightParen()
        return sub
    }

    /// A `(type $id? subtype)` field, the cursor after its `(type`.
    mutating func typeField(inRec: Bool) throws(TextError) {
        _ = cursor.takeID()
        var fieldNames: [String: UInt32] = [:]
        let sub = try subType(fieldNames: &fieldNames)
        try cursor.expectRightParen()
        let index = UInt32(typeDefinitions.count)
        if !fieldNames.isEmpty { self.fieldNames[index] = fieldNames }
        typeDefinitions.append(TypeDefinition(subtype: sub, recGroupSize: nil, inRecGroup: inRec))
    }

    /// The function signature of type `index`, when it is a function type.
    func signature(ofType index: UInt32) -> FuncSignature? {
        guard Int(index) < typeDefinitions.count, case .function(let s) = typeDefinitions[Int(index)].subtype.composite else { return nil }
        return s
    }

    /// A type use: `(type x)?` then inline params and results. Returns the type index (appending an implicit
    /// type when needed) and the parameter ids.
    mutating func typeUse(names: inout [String?], allowNames: Bool = true) throws(TextError) -> UInt32 {
        let start = cursor.token
        var explicit: UInt32?
        if cursor.takeList("type") {
            explicit = try typeIndex()
            try cursor.expectRightParen()
        }
        let hasInline = cursor.isList("param") || cursor.isList("result")
        let inline = try signature(names: &names, allowNames: allowNames)
        if let explicit {
            guard let declared = signature(ofType: explicit) else {
                // An unknown or non-function type is a validation error, encoded as written; with inline
                // params or results it cannot be checked against them, which makes the text malformed.
                if hasInline { throw cursor.error("unknown type", at: start) }
                return explicit
            }
            if hasInline {
                guard declared == inline else { throw cursor.error("inline function type", at: start) }
            } else {
                names = Array(repeating: nil, count: declared.params.count)
            }
            return explicit
        }
        return implicitType(inline)
    }

    /// The index of the first plain function type equal to `signature`, appended when there is none.
    mutating func implicitType(_ signature: FuncSignature) -> UInt32 {
        if let found = plainTypeIndex[signature] { return found }
        let index = UInt32(typeDefinitions.count)
        typeGroups.append((typeDefinitions.count, 1, false))
        typeDefinitions.append(TypeDefinition(subtype: SubType(composite: .function(signature)), recGroupSize: nil, inRecGroup: false))
        plainTypeIndex[signature] = index
        return index
    }

    /// Indexes the plain function types defined so far (called once the explicit types are read).
    mutating func indexPlainTypes() {
        // A singleton `(rec (type (func ...)))` is a candidate too: it is the same type as one written alone
        // (type-rec.wast: "the implicit type of $f is $ft"; wasm-tools appends a new, equivalent type).
        for group in typeGroups.reversed() where group.count == 1 {
            guard group.start < typeDefinitions.count, let s = typeDefinitions[group.start].subtype.plainSignature else { continue }
            plainTypeIndex[s] = UInt32(group.start)
        }
    }

    /// The type section's contents.
    func typeSection() -> [UInt8]? {
        guard !typeGroups.isEmpty else { return nil }
        var w = BinaryWriter()
        w.u32(UInt32(typeGroups.count))
        for group in typeGroups {
            if group.isRec {
                w.byte(0x4E)
                w.u32(UInt32(group.count))
            }
            for i in group.start..<(group.start + group.count) where i < typeDefinitions.count {
                typeDefinitions[i].subtype.encode(&w)
            }
        }
        return w.bytes
    }
}
