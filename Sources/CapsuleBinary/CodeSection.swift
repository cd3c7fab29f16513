import CapsuleCore

extension ModuleDecoder {
    /// Code section (10): for each defined function, its size, local declarations and body.
    ///
    /// Each body is scanned for instruction syntax and nesting; it must end with the `end` that closes
    /// it exactly at the end of its declared size. Bodies are stored as byte ranges.
    ///
    /// The entries' sizes are read first, then their bodies scanned, a large section's on several
    /// threads (``ChunkedWork``). Errors are those a reading from start to end meets first: the
    /// earliest malformed body, or a later entry's size once every body before it is well-formed.
    mutating func decodeCodeSection(_ section: inout ByteReader) throws(DecodeError) {
        let count = try section.readLength()
        var entries: [Range<Int>] = []
        entries.reserveCapacity(count)
        var sizeError: DecodeError?
        for _ in 0..<count {
            do throws(DecodeError) {
                let size = try section.readLength()
                let entry = section.offset..<(section.offset + size)
                entries.append(entry)
                section.offset = entry.upperBound
            } catch {
                sizeError = error
                break
            }
        }
        let bytes = module.bytes
        let features = module.features
        let extents = entries
        let scanned = try ChunkedWork.map(count: entries.count) { (range) throws(DecodeError) in
            var scanner = BodyScanner(bytes: bytes, features: features)
            return try range.map { (index) throws(DecodeError) in try scanner.scan(extents[index]) }
        }
        module.codes = scanned.map(\.body)
        if scanned.contains(where: \.usesDataSegmentInstructions) { usesDataSegmentInstructions = true }
        if let sizeError { throw sizeError }
        codeSectionCount = count
    }
}

/// Decodes the local declarations of code entries and scans their instructions for syntax and nesting.
struct BodyScanner {
    let bytes: [UInt8]
    let features: WasmFeatures
    /// Scratch nesting stack, reused by every body.
    var nesting = ControlNesting()

    init(bytes: [UInt8], features: WasmFeatures) {
        self.bytes = bytes
        self.features = features
    }

    /// A scanned body, and whether it uses `memory.init` or `data.drop` (which need a data count section).
    struct Scanned: Sendable {
        var body: FunctionBody
        var usesDataSegmentInstructions: Bool
    }

    /// Decodes the local declarations of one code entry and scans its instructions.
    mutating func scan(_ entry: Range<Int>) throws(DecodeError) -> Scanned {
        // Read to the end of the module and check the size afterwards, as for sections.
        var reader = ByteReader(bytes: bytes, range: entry.lowerBound..<bytes.count)
        reader.features = features
        let declarationCount = try reader.readLength()
        var locals: [LocalDeclaration] = []
        locals.reserveCapacity(declarationCount)
        var total: UInt64 = 0
        for _ in 0..<declarationCount {
            let count = try reader.readU32()
            let type = try reader.readValueType()
            total &+= UInt64(count)
            locals.append(LocalDeclaration(count: count, type: type))
        }
        guard total <= UInt64(UInt32.max) else {
            throw DecodeError(DecodeError.Message.tooManyLocals, offset: entry.lowerBound)
        }
        let bodyStart = reader.offset
        var usesDataSegmentInstructions = false
        nesting.reset()
        while true {
            let at = reader.offset
            let instruction = try reader.readInstruction()
            if let feature = instruction.requiredFeature, !features.contains(feature) {
                throw ModuleDecoder.disabledFeatureError(at: at, in: bytes)
            }
            switch instruction {
            case .memoryInit, .dataDrop: usesDataSegmentInstructions = true
            default: break
            }
            if try nesting.apply(instruction, at: at) { break }
        }
        guard reader.offset == entry.upperBound else {
            // The final `end` is not the last byte of the declared size.
            throw DecodeError(DecodeError.Message.sectionSizeMismatch, offset: entry.lowerBound)
        }
        return Scanned(
            body: FunctionBody(locals: locals, range: bodyStart..<entry.upperBound, start: entry.lowerBound),
            usesDataSegmentInstructions: usesDataSegmentInstructions)
    }
}
