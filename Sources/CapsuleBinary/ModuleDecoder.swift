import CapsuleCore

extension Module {
    /// Decodes a complete binary module, including every function body's instruction syntax.
    ///
    /// Checks everything the binary format requires: the header, section ids, order and sizes, every
    /// LEB128 and name, the function/code and data count consistency, and that each function body is a
    /// well-nested instruction sequence ending exactly at its final `end`. Bodies are kept as byte
    /// ranges (``FunctionBody/range``); the `name` section fills ``names`` when it is well-formed.
    ///
    /// ```swift
    /// let module = try Module(decoding: [0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00])
    /// ```
    /// `features` (WebAssembly 3.0 by default) is what the module may use; anything beyond it is
    /// malformed with the message the matching version of the specification gives (``WasmFeatures``).
    /// - Throws: ``DecodeError`` with the byte offset and the spec's error category.
    public init(decoding bytes: [UInt8], features: WasmFeatures = .wasm3) throws(DecodeError) {
        var decoder = ModuleDecoder(bytes: bytes)
        decoder.module.features = features
        decoder.reader.features = features
        try decoder.decode()
        self = decoder.module
    }
}

/// The state of one module decoding: the module so far and what the final checks need.
struct ModuleDecoder {
    /// The module being filled in.
    var module = Module()
    /// Reader over the whole module (section headers).
    var reader: ByteReader
    /// Whether a function body uses `memory.init` or `data.drop` (which need a data count section).
    var usesDataSegmentInstructions = false
    /// Number of entries of the function section (0 when absent).
    var functionSectionCount = 0
    /// Number of entries of the code section (0 when absent).
    var codeSectionCount = 0
    /// Rank (see ``ModuleDecoder/rank(ofSection:)``) of the last non-custom section read.
    var lastRank = 0

    init(bytes: [UInt8]) {
        module.bytes = bytes
        reader = ByteReader(bytes: bytes, endMessage: DecodeError.Message.unexpectedEnd)
    }

    /// Decodes the header, then every section, then the module-wide checks.
    mutating func decode() throws(DecodeError) {
        try decodeHeader()
        while !reader.isAtEnd {
            try decodeSection()
        }
        try checkModule()
    }

    /// The error for an instruction at `offset` that needs a feature the module's ``WasmFeatures`` leave
    /// out: the 2.0 decoder's `illegal opcode` (with the prefix and sub-opcode for prefixed ones), or
    /// `malformed value type` for an `exnref` operand.
    static func disabledFeatureError(at offset: Int, in bytes: [UInt8]) -> DecodeError {
        var reader = ByteReader(bytes: bytes, range: offset..<bytes.count)
        guard let opcode = try? reader.readByte() else { return DecodeError(DecodeError.Message.unexpectedEnd, offset: offset) }
        switch opcode {
        case 0x28...0x3E:
            // A memarg whose flags name a memory: to 2.0 an alignment exponent of 64 or more.
            return DecodeError("alignment must not be larger than natural", offset: offset + 1)
        case 0x3F, 0x40:
            return DecodeError(DecodeError.Message.zeroByteExpected, offset: offset + 1)
        case 0x02, 0x03, 0x04, 0x1C, 0xD0:
            return DecodeError(DecodeError.Message.malformedValueType, offset: offset + 1)
        case 0xFC, 0xFD:
            let subopcode = (try? reader.readU32()) ?? 0
            return reader.illegalOpcode(prefix: opcode, subopcode, at: offset)
        default:
            return reader.illegalOpcode(opcode, at: offset)
        }
    }

    /// `\0asm` then version 1.
    mutating func decodeHeader() throws(DecodeError) {
        let magic = try reader.readFixedU32()
        guard magic == 0x6D73_6100 else {
            throw DecodeError(DecodeError.Message.magicHeaderNotDetected, offset: 0)
        }
        let version = try reader.readFixedU32()
        guard version == 1 else {
            throw DecodeError(DecodeError.Message.unknownBinaryVersion, offset: 4)
        }
    }

    /// Position of a non-custom section in the required order (the tag section, id 13, comes between
    /// the memory and global sections; the data count section, id 12, between the element and code
    /// sections); `nil` for an unknown id.
    static func rank(ofSection id: UInt8) -> Int? {
        switch id {
        case 1...9: return Int(id) * 10
        case 13: return 55
        case 12: return 95
        case 10: return 100
        case 11: return 110
        default: return nil
        }
    }

    /// Reads one section header and its contents, which must fill the declared size exactly.
    ///
    /// The contents are read with a reader that ends at the end of the module; a section whose
    /// contents stop short of, or run past, its declared size is a `section size mismatch`.
    mutating func decodeSection() throws(DecodeError) {
        let sectionStart = reader.offset
        let id = try reader.readByte()
        if id != 0 {
            guard let rank = Self.rank(ofSection: id), id != 13 || module.features.contains(.exceptions) else {
                throw DecodeError(DecodeError.Message.malformedSectionID, offset: sectionStart)
            }
            // A duplicate or misplaced section is where the module should have ended.
            guard rank > lastRank else {
                throw DecodeError(DecodeError.Message.unexpectedContentAfterLastSection, offset: sectionStart)
            }
            lastRank = rank
        }
        let size = try reader.readLength()
        let contentStart = reader.offset
        let contentEnd = contentStart + size
        var section = ByteReader(bytes: module.bytes, range: contentStart..<module.bytes.count)
        section.features = module.features
        switch id {
        case 0: try decodeCustomSection(&section, end: contentEnd)
        case 1: try decodeTypeSection(&section)
        case 2: try decodeImportSection(&section)
        case 3: try decodeFunctionSection(&section)
        case 4: try decodeTableSection(&section)
        case 5: try decodeMemorySection(&section)
        case 6: try decodeGlobalSection(&section)
        case 7: try decodeExportSection(&section)
        case 8: try decodeStartSection(&section)
        case 9: try decodeElementSection(&section)
        case 10: try decodeCodeSection(&section)
        case 11: try decodeDataSection(&section)
        case 13: try decodeTagSection(&section)
        default: try decodeDataCountSection(&section)
        }
        guard section.offset == contentEnd else {
            throw DecodeError(DecodeError.Message.sectionSizeMismatch, offset: contentStart)
        }
        reader.offset = contentEnd
    }

    /// The checks that need the whole module, in the reference interpreter's order.
    func checkModule() throws(DecodeError) {
        let end = module.bytes.count
        guard functionSectionCount == codeSectionCount else {
            throw DecodeError(DecodeError.Message.functionAndCodeInconsistent, offset: end)
        }
        if let dataCount = module.dataCount, Int(dataCount) != module.datas.count {
            throw DecodeError(DecodeError.Message.dataCountInconsistent, offset: end)
        }
        if module.dataCount == nil && usesDataSegmentInstructions {
            throw DecodeError(DecodeError.Message.dataCountRequired, offset: end)
        }
    }
}
