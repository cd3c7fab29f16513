import CapsuleBinary
import CapsuleCore

/// Runs the `Op.simd` instructions the compiler emits (format: see `SIMDCompilation.swift`).
///
/// One `switch` over the instruction's `SIMDOp`; each case names its lane view and operation and
/// hands them to a shape (`unary`, `binary`, `shift`, a load...) that reads the operand slots,
/// writes the result slot and returns the next instruction's address. Every operand is read
/// before the result is written, so results may overwrite their operands.
enum SIMDExecution {
    /// Executes the SIMD instruction at `pc` and returns the next instruction's address.
    static func execute(
        pc: UnsafeMutablePointer<UInt32>, fp: UnsafeMutablePointer<UInt64>,
        memory: UnsafeMutableRawPointer, memorySize: UInt64
    ) throws(TrapKind) -> UnsafeMutablePointer<UInt32> {
        let m = memory, size = memorySize
        switch UnsafeRawPointer(pc + 2).load(as: SIMDOp.self) {
        // Memory
        case .v128Load: return try load(pc, fp, m, size, U8x16.self) { $0 }
        case .v128Load8x8S: return try load(pc, fp, m, size, SIMD8<Int8>.self) { I16x8(truncatingIfNeeded: $0) }
        case .v128Load8x8U: return try load(pc, fp, m, size, SIMD8<UInt8>.self) { U16x8(truncatingIfNeeded: $0) }
        case .v128Load16x4S: return try load(pc, fp, m, size, SIMD4<Int16>.self) { I32x4(truncatingIfNeeded: $0) }
        case .v128Load16x4U: return try load(pc, fp, m, size, SIMD4<UInt16>.self) { U32x4(truncatingIfNeeded: $0) }
        case .v128Load32x2S: return try load(pc, fp, m, size, SIMD2<Int32>.self) { I64x2(truncatingIfNeeded: $0) }
        case .v128Load32x2U: return try load(pc, fp, m, size, SIMD2<UInt32>.self) { U64x2(truncatingIfNeeded: $0) }
        case .v128Load8Splat: return try load(pc, fp, m, size, UInt8.self) { U8x16(repeating: $0) }
        case .v128Load16Splat: return try load(pc, fp, m, size, UInt16.self) { U16x8(repeating: $0) }
        case .v128Load32Splat: return try load(pc, fp, m, size, UInt32.self) { U32x4(repeating: $0) }
        case .v128Load64Splat: return try load(pc, fp, m, size, UInt64.self) { U64x2(repeating: $0) }
        case .v128Load32Zero: return try load(pc, fp, m, size, UInt32.self) { U32x4($0, 0, 0, 0) }
        case .v128Load64Zero: return try load(pc, fp, m, size, UInt64.self) { U64x2($0, 0) }
        case .v128Store: return try store(pc, fp, m, size)
        case .v128Load8Lane: return try loadLane(pc, fp, m, size, UInt8.self)
        case .v128Load16Lane: return try loadLane(pc, fp, m, size, UInt16.self)
        case .v128Load32Lane: return try loadLane(pc, fp, m, size, UInt32.self)
        case .v128Load64Lane: return try loadLane(pc, fp, m, size, UInt64.self)
        case .v128Store8Lane: return try storeLane(pc, fp, m, size, UInt8.self)
        case .v128Store16Lane: return try storeLane(pc, fp, m, size, UInt16.self)
        case .v128Store32Lane: return try storeLane(pc, fp, m, size, UInt32.self)
        case .v128Store64Lane: return try storeLane(pc, fp, m, size, UInt64.self)

        // Constants are compiled to `const128`; this case is never emitted.
        case .v128Const: throw .unreachable

        // Lanes
        case .i8x16Shuffle: return shuffle(pc, fp)
        case .i8x16Swizzle:
            setVector(fp, pc[1], swizzle(vector(fp, pc[3]), vector(fp, pc[4])))
            return pc + 5
        case .i8x16Splat: return splat(pc, fp, U8x16.self)
        case .i16x8Splat: return splat(pc, fp, U16x8.self)
        case .i32x4Splat, .f32x4Splat: return splat(pc, fp, U32x4.self)
        case .i64x2Splat, .f64x2Splat: return splat(pc, fp, U64x2.self)
        case .i8x16ExtractLaneS: return extractLane(pc, fp, width: 8) { UInt64(UInt32(bitPattern: Int32(Int8(truncatingIfNeeded: $0)))) }
        case .i8x16ExtractLaneU: return extractLane(pc, fp, width: 8) { $0 }
        case .i16x8ExtractLaneS: return extractLane(pc, fp, width: 16) { UInt64(UInt32(bitPattern: Int32(Int16(truncatingIfNeeded: $0)))) }
        case .i16x8ExtractLaneU: return extractLane(pc, fp, width: 16) { $0 }
        case .i32x4ExtractLane, .f32x4ExtractLane: return extractLane(pc, fp, width: 32) { $0 }
        case .i64x2ExtractLane, .f64x2ExtractLane: return extractLane(pc, fp, width: 64) { $0 }
        case .i8x16ReplaceLane: return replaceLane(pc, fp, width: 8)
        case .i16x8ReplaceLane: return replaceLane(pc, fp, width: 16)
        case .i32x4ReplaceLane, .f32x4ReplaceLane: return replaceLane(pc, fp, width: 32)
        case .i64x2ReplaceLane, .f64x2ReplaceLane: return replaceLane(pc, fp, width: 64)

        // Integer comparisons
        case .i8x16Eq: return binary(pc, fp, U8x16.self) { lanes($0 .== $1) }
        case .i8x16Ne: return binary(pc, fp, U8x16.self) { lanes($0 .!= $1) }
        case .i8x16LtS: return binary(pc, fp, I8x16.self) { lanes($0 .< $1) }
        case .i8x16LtU: return binary(pc, fp, U8x16.self) { lanes($0 .< $1) }
        case .i8x16GtS: return binary(pc, fp, I8x16.self) { lanes($0 .> $1) }
        case .i8x16GtU: return binary(pc, fp, U8x16.self) { lanes($0 .> $1) }
        case .i8x16LeS: return binary(pc, fp, I8x16.self) { lanes($0 .<= $1) }
        case .i8x16LeU: return binary(pc, fp, U8x16.self) { lanes($0 .<= $1) }
        case .i8x16GeS: return binary(pc, fp, I8x16.self) { lanes($0 .>= $1) }
        case .i8x16GeU: return binary(pc, fp, U8x16.self) { lanes($0 .>= $1) }
        case .i16x8Eq: return binary(pc, fp, U16x8.self) { lanes($0 .== $1) }
        case .i16x8Ne: return binary(pc, fp, U16x8.self) { lanes($0 .!= $1) }
        case .i16x8LtS: return binary(pc, fp, I16x8.self) { lanes($0 .< $1) }
        case .i16x8LtU: return binary(pc, fp, U16x8.self) { lanes($0 .< $1) }
        case .i16x8GtS: return binary(pc, fp, I16x8.self) { lanes($0 .> $1) }
        case .i16x8GtU: return binary(pc, fp, U16x8.self) { lanes($0 .> $1) }
        case .i16x8LeS: return binary(pc, fp, I16x8.self) { lanes($0 .<= $1) }
        case .i16x8LeU: return binary(pc, fp, U16x8.self) { lanes($0 .<= $1) }
        case .i16x8GeS: return binary(pc, fp, I16x8.self) { lanes($0 .>= $1) }
        case .i16x8GeU: return binary(pc, fp, U16x8.self) { lanes($0 .>= $1) }
        case .i32x4Eq: return binary(pc, fp, U32x4.self) { lanes($0 .== $1) }
        case .i32x4Ne: return binary(pc, fp, U32x4.self) { lanes($0 .!= $1) }
        case .i32x4LtS: return binary(pc, fp, I32x4.self) { lanes($0 .< $1) }
        case .i32x4LtU: return binary(pc, fp, U32x4.self) { lanes($0 .< $1) }
        case .i32x4GtS: return binary(pc, fp, I32x4.self) { lanes($0 .> $1) }
        case .i32x4GtU: return binary(pc, fp, U32x4.self) { lanes($0 .> $1) }
        case .i32x4LeS: return binary(pc, fp, I32x4.self) { lanes($0 .<= $1) }
        case .i32x4LeU: return binary(pc, fp, U32x4.self) { lanes($0 .<= $1) }
        case .i32x4GeS: return binary(pc, fp, I32x4.self) { lanes($0 .>= $1) }
        case .i32x4GeU: return binary(pc, fp, U32x4.self) { lanes($0 .>= $1) }
        case .i64x2Eq: return binary(pc, fp, U64x2.self) { lanes($0 .== $1) }
        case .i64x2Ne: return binary(pc, fp, U64x2.self) { lanes($0 .!= $1) }
        case .i64x2LtS: return binary(pc, fp, I64x2.self) { lanes($0 .< $1) }
        case .i64x2GtS: return binary(pc, fp, I64x2.self) { lanes($0 .> $1) }
        case .i64x2LeS: return binary(pc, fp, I64x2.self) { lanes($0 .<= $1) }
        case .i64x2GeS: return binary(pc, fp, I64x2.self) { lanes($0 .>= $1) }

        // Float comparisons (IEEE: false with a NaN, except `ne`)
        case .f32x4Eq: return binary(pc, fp, F32x4.self) { lanes($0 .== $1) }
        case .f32x4Ne: return binary(pc, fp, F32x4.self) { lanes($0 .!= $1) }
        case .f32x4Lt: return binary(pc, fp, F32x4.self) { lanes($0 .< $1) }
        case .f32x4Gt: return binary(pc, fp, F32x4.self) { lanes($0 .> $1) }
        case .f32x4Le: return binary(pc, fp, F32x4.self) { lanes($0 .<= $1) }
        case .f32x4Ge: return binary(pc, fp, F32x4.self) { lanes($0 .>= $1) }
        case .f64x2Eq: return binary(pc, fp, F64x2.self) { lanes($0 .== $1) }
        case .f64x2Ne: return binary(pc, fp, F64x2.self) { lanes($0 .!= $1) }
        case .f64x2Lt: return binary(pc, fp, F64x2.self) { lanes($0 .< $1) }
        case .f64x2Gt: return binary(pc, fp, F64x2.self) { lanes($0 .> $1) }
        case .f64x2Le: return binary(pc, fp, F64x2.self) { lanes($0 .<= $1) }
        case .f64x2Ge: return binary(pc, fp, F64x2.self) { lanes($0 .>= $1) }

        // Bitwise
        case .v128Not: return unary(pc, fp, U64x2.self) { ~$0 }
        case .v128And: return binary(pc, fp, U64x2.self) { $0 & $1 }
        case .v128Andnot: return binary(pc, fp, U64x2.self) { $0 & ~$1 }
        case .v128Or: return binary(pc, fp, U64x2.self) { $0 | $1 }
        case .v128Xor: return binary(pc, fp, U64x2.self) { $0 ^ $1 }
        case .v128Bitselect:
            let a = vector(fp, pc[3], as: U64x2.self), b = vector(fp, pc[4], as: U64x2.self)
            let c = vector(fp, pc[5], as: U64x2.self)
            setVector(fp, pc[1], (a & c) | (b & ~c))
            return pc + 6
        case .v128AnyTrue: return test(pc, fp, U64x2.self) { ($0[0] | $0[1]) != 0 ? 1 : 0 }

        // i8x16
        case .i8x16Abs: return unary(pc, fp, I8x16.self) { abs($0) }
        case .i8x16Neg: return unary(pc, fp, I8x16.self) { 0 &- $0 }
        case .i8x16Popcnt: return unary(pc, fp, U64x2.self) { popcount($0) }
        case .i8x16AllTrue: return test(pc, fp, U8x16.self) { allTrue(zeroLanes: $0 .== U8x16()) }
        case .i8x16Bitmask: return test(pc, fp, U64x2.self) { bitmask8($0) }
        case .i8x16NarrowI16x8S: return binary(pc, fp, I16x8.self) { narrowS($0, $1) }
        case .i8x16NarrowI16x8U: return binary(pc, fp, I16x8.self) { narrowU($0, $1) }
        case .i8x16Shl: return shift(pc, fp, U8x16.self) { $0 &<< $1 }
        case .i8x16ShrS: return shift(pc, fp, I8x16.self) { $0 &>> $1 }
        case .i8x16ShrU: return shift(pc, fp, U8x16.self) { $0 &>> $1 }
        case .i8x16Add: return binary(pc, fp, U8x16.self) { $0 &+ $1 }
        case .i8x16AddSatS: return binary(pc, fp, I8x16.self) { addSatS($0, $1) }
        case .i8x16AddSatU: return binary(pc, fp, U8x16.self) { addSatU($0, $1) }
        case .i8x16Sub: return binary(pc, fp, U8x16.self) { $0 &- $1 }
        case .i8x16SubSatS: return binary(pc, fp, I8x16.self) { subSatS($0, $1) }
        case .i8x16SubSatU: return binary(pc, fp, U8x16.self) { subSatU($0, $1) }
        case .i8x16MinS: return binary(pc, fp, I8x16.self) { choose($0 .< $1, $0, $1) }
        case .i8x16MinU: return binary(pc, fp, U8x16.self) { choose($0 .< $1, $0, $1) }
        case .i8x16MaxS: return binary(pc, fp, I8x16.self) { choose($1 .< $0, $0, $1) }
        case .i8x16MaxU: return binary(pc, fp, U8x16.self) { choose($1 .< $0, $0, $1) }
        case .i8x16AvgrU: return binary(pc, fp, U8x16.self) { averageRounded($0, $1) }

        // i16x8
        case .i16x8ExtaddPairwiseI8x16S:
            return unary(pc, fp, I8x16.self) { I16x8(truncatingIfNeeded: $0.evenHalf) &+ I16x8(truncatingIfNeeded: $0.oddHalf) }
        case .i16x8ExtaddPairwiseI8x16U:
            return unary(pc, fp, U8x16.self) { U16x8(truncatingIfNeeded: $0.evenHalf) &+ U16x8(truncatingIfNeeded: $0.oddHalf) }
        case .i16x8Abs: return unary(pc, fp, I16x8.self) { abs($0) }
        case .i16x8Neg: return unary(pc, fp, I16x8.self) { 0 &- $0 }
        case .i16x8Q15mulrSatS: return binary(pc, fp, I16x8.self) { q15MulRoundSat($0, $1) }
        case .i16x8AllTrue: return test(pc, fp, U16x8.self) { allTrue(zeroLanes: $0 .== U16x8()) }
        case .i16x8Bitmask: return test(pc, fp, U16x8.self) { bitmask($0) }
        case .i16x8NarrowI32x4S: return binary(pc, fp, I32x4.self) { narrowS($0, $1) }
        case .i16x8NarrowI32x4U: return binary(pc, fp, I32x4.self) { narrowU($0, $1) }
        case .i16x8ExtendLowI8x16S: return unary(pc, fp, I8x16.self) { I16x8(truncatingIfNeeded: $0.lowHalf) }
        case .i16x8ExtendHighI8x16S: return unary(pc, fp, I8x16.self) { I16x8(truncatingIfNeeded: $0.highHalf) }
        case .i16x8ExtendLowI8x16U: return unary(pc, fp, U8x16.self) { U16x8(truncatingIfNeeded: $0.lowHalf) }
        case .i16x8ExtendHighI8x16U: return unary(pc, fp, U8x16.self) { U16x8(truncatingIfNeeded: $0.highHalf) }
        case .i16x8Shl: return shift(pc, fp, U16x8.self) { $0 &<< $1 }
        case .i16x8ShrS: return shift(pc, fp, I16x8.self) { $0 &>> $1 }
        case .i16x8ShrU: return shift(pc, fp, U16x8.self) { $0 &>> $1 }
        case .i16x8Add: return binary(pc, fp, U16x8.self) { $0 &+ $1 }
        case .i16x8AddSatS: return binary(pc, fp, I16x8.self) { addSatS($0, $1) }
        case .i16x8AddSatU: return binary(pc, fp, U16x8.self) { addSatU($0, $1) }
        case .i16x8Sub: return binary(pc, fp, U16x8.self) { $0 &- $1 }
        case .i16x8SubSatS: return binary(pc, fp, I16x8.self) { subSatS($0, $1) }
        case .i16x8SubSatU: return binary(pc, fp, U16x8.self) { subSatU($0, $1) }
        case .i16x8Mul: return binary(pc, fp, U16x8.self) { $0 &* $1 }
        case .i16x8MinS: return binary(pc, fp, I16x8.self) { choose($0 .< $1, $0, $1) }
        case .i16x8MinU: return binary(pc, fp, U16x8.self) { choose($0 .< $1, $0, $1) }
        case .i16x8MaxS: return binary(pc, fp, I16x8.self) { choose($1 .< $0, $0, $1) }
        case .i16x8MaxU: return binary(pc, fp, U16x8.self) { choose($1 .< $0, $0, $1) }
        case .i16x8AvgrU: return binary(pc, fp, U16x8.self) { averageRounded($0, $1) }
        case .i16x8ExtmulLowI8x16S:
            return binary(pc, fp, I8x16.self) { I16x8(truncatingIfNeeded: $0.lowHalf) &* I16x8(truncatingIfNeeded: $1.lowHalf) }
        case .i16x8ExtmulHighI8x16S:
            return binary(pc, fp, I8x16.self) { I16x8(truncatingIfNeeded: $0.highHalf) &* I16x8(truncatingIfNeeded: $1.highHalf) }
        case .i16x8ExtmulLowI8x16U:
            return binary(pc, fp, U8x16.self) { U16x8(truncatingIfNeeded: $0.lowHalf) &* U16x8(truncatingIfNeeded: $1.lowHalf) }
        case .i16x8ExtmulHighI8x16U:
            return binary(pc, fp, U8x16.self) { U16x8(truncatingIfNeeded: $0.highHalf) &* U16x8(truncatingIfNeeded: $1.highHalf) }

        // i32x4
        case .i32x4ExtaddPairwiseI16x8S:
            return unary(pc, fp, I16x8.self) { I32x4(truncatingIfNeeded: $0.evenHalf) &+ I32x4(truncatingIfNeeded: $0.oddHalf) }
        case .i32x4ExtaddPairwiseI16x8U:
            return unary(pc, fp, U16x8.self) { U32x4(truncatingIfNeeded: $0.evenHalf) &+ U32x4(truncatingIfNeeded: $0.oddHalf) }
        case .i32x4Abs: return unary(pc, fp, I32x4.self) { abs($0) }
        case .i32x4Neg: return unary(pc, fp, I32x4.self) { 0 &- $0 }
        case .i32x4AllTrue: return test(pc, fp, U32x4.self) { allTrue(zeroLanes: $0 .== U32x4()) }
        case .i32x4Bitmask: return test(pc, fp, U32x4.self) { bitmask($0) }
        case .i32x4ExtendLowI16x8S: return unary(pc, fp, I16x8.self) { I32x4(truncatingIfNeeded: $0.lowHalf) }
        case .i32x4ExtendHighI16x8S: return unary(pc, fp, I16x8.self) { I32x4(truncatingIfNeeded: $0.highHalf) }
        case .i32x4ExtendLowI16x8U: return unary(pc, fp, U16x8.self) { U32x4(truncatingIfNeeded: $0.lowHalf) }
        case .i32x4ExtendHighI16x8U: return unary(pc, fp, U16x8.self) { U32x4(truncatingIfNeeded: $0.highHalf) }
        case .i32x4Shl: return shift(pc, fp, U32x4.self) { $0 &<< $1 }
        case .i32x4ShrS: return shift(pc, fp, I32x4.self) { $0 &>> $1 }
        case .i32x4ShrU: return shift(pc, fp, U32x4.self) { $0 &>> $1 }
        case .i32x4Add: return binary(pc, fp, U32x4.self) { $0 &+ $1 }
        case .i32x4Sub: return binary(pc, fp, U32x4.self) { $0 &- $1 }
        case .i32x4Mul: return binary(pc, fp, U32x4.self) { $0 &* $1 }
        case .i32x4MinS: return binary(pc, fp, I32x4.self) { choose($0 .< $1, $0, $1) }
        case .i32x4MinU: return binary(pc, fp, U32x4.self) { choose($0 .< $1, $0, $1) }
        case .i32x4MaxS: return binary(pc, fp, I32x4.self) { choose($1 .< $0, $0, $1) }
        case .i32x4MaxU: return binary(pc, fp, U32x4.self) { choose($1 .< $0, $0, $1) }
        case .i32x4DotI16x8S: return binary(pc, fp, I16x8.self) { dot($0, $1) }
        case .i32x4ExtmulLowI16x8S:
            return binary(pc, fp, I16x8.self) { I32x4(truncatingIfNeeded: $0.lowHalf) &* I32x4(truncatingIfNeeded: $1.lowHalf) }
        case .i32x4ExtmulHighI16x8S:
            return binary(pc, fp, I16x8.self) { I32x4(truncatingIfNeeded: $0.highHalf) &* I32x4(truncatingIfNeeded: $1.highHalf) }
        case .i32x4ExtmulLowI16x8U:
            return binary(pc, fp, U16x8.self) { U32x4(truncatingIfNeeded: $0.lowHalf) &* U32x4(truncatingIfNeeded: $1.lowHalf) }
        case .i32x4ExtmulHighI16x8U:
            return binary(pc, fp, U16x8.self) { U32x4(truncatingIfNeeded: $0.highHalf) &* U32x4(truncatingIfNeeded: $1.highHalf) }

        // i64x2
        case .i64x2Abs: return unary(pc, fp, I64x2.self) { abs($0) }
        case .i64x2Neg: return unary(pc, fp, I64x2.self) { 0 &- $0 }
        case .i64x2AllTrue: return test(pc, fp, U64x2.self) { allTrue(zeroLanes: $0 .== U64x2()) }
        case .i64x2Bitmask: return test(pc, fp, U64x2.self) { bitmask($0) }
        case .i64x2ExtendLowI32x4S: return unary(pc, fp, I32x4.self) { I64x2(truncatingIfNeeded: $0.lowHalf) }
        case .i64x2ExtendHighI32x4S: return unary(pc, fp, I32x4.self) { I64x2(truncatingIfNeeded: $0.highHalf) }
        case .i64x2ExtendLowI32x4U: return unary(pc, fp, U32x4.self) { U64x2(truncatingIfNeeded: $0.lowHalf) }
        case .i64x2ExtendHighI32x4U: return unary(pc, fp, U32x4.self) { U64x2(truncatingIfNeeded: $0.highHalf) }
        case .i64x2Shl: return shift(pc, fp, U64x2.self) { $0 &<< $1 }
        case .i64x2ShrS: return shift(pc, fp, I64x2.self) { $0 &>> $1 }
        case .i64x2ShrU: return shift(pc, fp, U64x2.self) { $0 &>> $1 }
        case .i64x2Add: return binary(pc, fp, U64x2.self) { $0 &+ $1 }
        case .i64x2Sub: return binary(pc, fp, U64x2.self) { $0 &- $1 }
        case .i64x2Mul: return binary(pc, fp, U64x2.self) { $0 &* $1 }
        case .i64x2ExtmulLowI32x4S:
            return binary(pc, fp, I32x4.self) { I64x2(truncatingIfNeeded: $0.lowHalf) &* I64x2(truncatingIfNeeded: $1.lowHalf) }
        case .i64x2ExtmulHighI32x4S:
            return binary(pc, fp, I32x4.self) { I64x2(truncatingIfNeeded: $0.highHalf) &* I64x2(truncatingIfNeeded: $1.highHalf) }
        case .i64x2ExtmulLowI32x4U:
            return binary(pc, fp, U32x4.self) { U64x2(truncatingIfNeeded: $0.lowHalf) &* U64x2(truncatingIfNeeded: $1.lowHalf) }
        case .i64x2ExtmulHighI32x4U:
            return binary(pc, fp, U32x4.self) { U64x2(truncatingIfNeeded: $0.highHalf) &* U64x2(truncatingIfNeeded: $1.highHalf) }

        // f32x4
        case .f32x4Abs: return unary(pc, fp, U32x4.self) { $0 & 0x7FFF_FFFF }
        case .f32x4Neg: return unary(pc, fp, U32x4.self) { $0 ^ 0x8000_0000 }
        case .f32x4Sqrt: return unary(pc, fp, F32x4.self) { $0.squareRoot() }
        case .f32x4Add: return binary(pc, fp, F32x4.self) { $0 + $1 }
        case .f32x4Sub: return binary(pc, fp, F32x4.self) { $0 - $1 }
        case .f32x4Mul: return binary(pc, fp, F32x4.self) { $0 * $1 }
        case .f32x4Div: return binary(pc, fp, F32x4.self) { $0 / $1 }
        case .f32x4Min: return binary(pc, fp, F32x4.self) { minMax($0, $1, isMax: false) }
        case .f32x4Max: return binary(pc, fp, F32x4.self) { minMax($0, $1, isMax: true) }
        case .f32x4Pmin: return binary(pc, fp, F32x4.self) { choose($1 .< $0, $1, $0) }
        case .f32x4Pmax: return binary(pc, fp, F32x4.self) { choose($0 .< $1, $1, $0) }
        case .f32x4Ceil: return unary(pc, fp, U32x4.self) { f32x4Ceil($0) }
        case .f32x4Floor: return unary(pc, fp, U32x4.self) { f32x4Floor($0) }
        case .f32x4Trunc: return unary(pc, fp, U32x4.self) { f32x4Trunc($0) }
        case .f32x4Nearest: return unary(pc, fp, U32x4.self) { f32x4Nearest($0) }

        // f64x2
        case .f64x2Abs: return unary(pc, fp, U64x2.self) { $0 & 0x7FFF_FFFF_FFFF_FFFF }
        case .f64x2Neg: return unary(pc, fp, U64x2.self) { $0 ^ 0x8000_0000_0000_0000 }
        case .f64x2Sqrt: return unary(pc, fp, F64x2.self) { $0.squareRoot() }
        case .f64x2Add: return binary(pc, fp, F64x2.self) { $0 + $1 }
        case .f64x2Sub: return binary(pc, fp, F64x2.self) { $0 - $1 }
        case .f64x2Mul: return binary(pc, fp, F64x2.self) { $0 * $1 }
        case .f64x2Div: return binary(pc, fp, F64x2.self) { $0 / $1 }
        case .f64x2Min: return binary(pc, fp, F64x2.self) { minMax($0, $1, isMax: false) }
        case .f64x2Max: return binary(pc, fp, F64x2.self) { minMax($0, $1, isMax: true) }
        case .f64x2Pmin: return binary(pc, fp, F64x2.self) { choose($1 .< $0, $1, $0) }
        case .f64x2Pmax: return binary(pc, fp, F64x2.self) { choose($0 .< $1, $1, $0) }
        case .f64x2Ceil: return unary(pc, fp, U64x2.self) { f64x2Ceil($0) }
        case .f64x2Floor: return unary(pc, fp, U64x2.self) { f64x2Floor($0) }
        case .f64x2Trunc: return unary(pc, fp, U64x2.self) { f64x2Trunc($0) }
        case .f64x2Nearest: return unary(pc, fp, U64x2.self) { f64x2Nearest($0) }

        // Conversions
        case .i32x4TruncSatF32x4S: return unary(pc, fp, U32x4.self) { i32x4TruncSatF32x4S($0) }
        case .i32x4TruncSatF32x4U: return unary(pc, fp, U32x4.self) { i32x4TruncSatF32x4U($0) }
        case .f32x4ConvertI32x4S: return unary(pc, fp, U32x4.self) { f32x4ConvertI32x4S($0) }
        case .f32x4ConvertI32x4U: return unary(pc, fp, U32x4.self) { f32x4ConvertI32x4U($0) }
        case .i32x4TruncSatF64x2SZero: return unary(pc, fp, U64x2.self) { i32x4TruncSatF64x2SZero($0) }
        case .i32x4TruncSatF64x2UZero: return unary(pc, fp, U64x2.self) { i32x4TruncSatF64x2UZero($0) }
        case .f64x2ConvertLowI32x4S: return unary(pc, fp, U32x4.self) { f64x2ConvertLowI32x4S($0) }
        case .f64x2ConvertLowI32x4U: return unary(pc, fp, U32x4.self) { f64x2ConvertLowI32x4U($0) }
        case .f32x4DemoteF64x2Zero: return unary(pc, fp, U64x2.self) { demoteZero($0) }
        case .f64x2PromoteLowF32x4: return unary(pc, fp, U32x4.self) { promoteLow($0) }

        // Relaxed SIMD (3.0): each gives the deterministic profile's result (Docs/RATIONALE.md,
        // "Relaxed SIMD"), the same on every host.
        case .i8x16RelaxedSwizzle:
            setVector(fp, pc[1], swizzle(vector(fp, pc[3]), vector(fp, pc[4])))
            return pc + 5
        case .i32x4RelaxedTruncF32x4S: return unary(pc, fp, U32x4.self) { i32x4TruncSatF32x4S($0) }
        case .i32x4RelaxedTruncF32x4U: return unary(pc, fp, U32x4.self) { i32x4TruncSatF32x4U($0) }
        case .i32x4RelaxedTruncF64x2SZero: return unary(pc, fp, U64x2.self) { i32x4TruncSatF64x2SZero($0) }
        case .i32x4RelaxedTruncF64x2UZero: return unary(pc, fp, U64x2.self) { i32x4TruncSatF64x2UZero($0) }
        case .f32x4RelaxedMadd: return ternary(pc, fp, F32x4.self) { multiplyAdd($0, $1, $2) }
        case .f32x4RelaxedNmadd: return ternary(pc, fp, F32x4.self) { multiplyAdd(-$0, $1, $2) }
        case .f64x2RelaxedMadd: return ternary(pc, fp, F64x2.self) { multiplyAdd($0, $1, $2) }
        case .f64x2RelaxedNmadd: return ternary(pc, fp, F64x2.self) { multiplyAdd(-$0, $1, $2) }
        case .i8x16RelaxedLaneselect, .i16x8RelaxedLaneselect, .i32x4RelaxedLaneselect, .i64x2RelaxedLaneselect:
            return ternary(pc, fp, U64x2.self) { select($2, $0, $1) }
        case .f32x4RelaxedMin: return binary(pc, fp, F32x4.self) { minMax($0, $1, isMax: false) }
        case .f32x4RelaxedMax: return binary(pc, fp, F32x4.self) { minMax($0, $1, isMax: true) }
        case .f64x2RelaxedMin: return binary(pc, fp, F64x2.self) { minMax($0, $1, isMax: false) }
        case .f64x2RelaxedMax: return binary(pc, fp, F64x2.self) { minMax($0, $1, isMax: true) }
        case .i16x8RelaxedQ15mulrS: return binary(pc, fp, I16x8.self) { q15MulRoundSat($0, $1) }
        case .i16x8RelaxedDotI8x16I7x16S: return binary(pc, fp, I8x16.self) { relaxedDot($0, $1) }
        case .i32x4RelaxedDotI8x16I7x16AddS:
            let a = vector(fp, pc[3], as: I8x16.self), b = vector(fp, pc[4], as: I8x16.self)
            let c = vector(fp, pc[5], as: I32x4.self)
            setVector(fp, pc[1], relaxedDotAdd(a, b, c))
            return pc + 6
        }
    }
}
