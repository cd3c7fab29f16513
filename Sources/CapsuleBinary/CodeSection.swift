extension ModuleDecoder {
    /// Code section (10): for each defined function, its size, local declarations and body.
    ///
    /// Each body is scanned for instruction syntax and nesting; it must end with the `end` that closes
    /// it exactly at the end of its declared size. Bodies are stored as byte ranges.
    mutating func decodeCodeSection(_ section: inout ByteReader) throws(DecodeError) {
        let count = try section.readLength()
        module.codes.reserveCapacity(count)
        for _ in 0..<count {
            let size = try section.readLength()
            let entry = section.offset..<(section.offset + size)
            module.codes.append(try decodeFunctionBody(entry))
            section.offset = entry.upperBound
        }
        codeSectionCount = count
    }

    /// Decodes the local declarations of one code entry and scans its instructions.
    mutating func decodeFunctionBody(_ entry: Range<Int>) throws(DecodeError) -> FunctionBody {
        // Read to the end of the module and check the size afterwards, as for sections.
        var reader = ByteReader(bytes: module.bytes, range: entry.lowerBound..<module.bytes.count)
        reader.features = module.features
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
        nesting.reset()
        while true {
            let at = reader.offset
            let instruction = try reader.readInstruction()
            if let feature = instruction.requiredFeature, !module.features.contains(feature) {
                throw disabledFeatureError(at: at)
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
        return FunctionBody(locals: locals, range: bodyStart..<entry.upperBound, start: entry.lowerBound)
    }
}
