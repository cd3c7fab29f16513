import CapsuleCore

/// A SIMD instruction (0xFD prefix): every vector instruction of WebAssembly 2.0 and the relaxed
/// SIMD instructions of 3.0 (sub-opcodes 0x100–0x113).
///
/// The raw value is the sub-opcode that follows the 0xFD prefix byte (a `u32` LEB128 in the
/// binary). This file is the single table of SIMD opcode facts: names, immediates, operand and
/// result types, lane counts and natural alignments all come from ``SIMDOp/info``.
///
/// ```swift
/// let op = SIMDOp.i32x4Add
/// op.info.name       // "i32x4.add"
/// op.info.operands   // [.v128, .v128]
/// ```
public enum SIMDOp: UInt32, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// `v128.load` (0xFD 0).
    case v128Load = 0x00
    /// `v128.load8x8_s` (0xFD 1).
    case v128Load8x8S = 0x01
    /// `v128.load8x8_u` (0xFD 2).
    case v128Load8x8U = 0x02
    /// `v128.load16x4_s` (0xFD 3).
    case v128Load16x4S = 0x03
    /// `v128.load16x4_u` (0xFD 4).
    case v128Load16x4U = 0x04
    /// `v128.load32x2_s` (0xFD 5).
    case v128Load32x2S = 0x05
    /// `v128.load32x2_u` (0xFD 6).
    case v128Load32x2U = 0x06
    /// `v128.load8_splat` (0xFD 7).
    case v128Load8Splat = 0x07
    /// `v128.load16_splat` (0xFD 8).
    case v128Load16Splat = 0x08
    /// `v128.load32_splat` (0xFD 9).
    case v128Load32Splat = 0x09
    /// `v128.load64_splat` (0xFD 10).
    case v128Load64Splat = 0x0A
    /// `v128.store` (0xFD 11).
    case v128Store = 0x0B
    /// `v128.const` (0xFD 12).
    case v128Const = 0x0C
    /// `i8x16.shuffle` (0xFD 13).
    case i8x16Shuffle = 0x0D
    /// `i8x16.swizzle` (0xFD 14).
    case i8x16Swizzle = 0x0E
    /// `i8x16.splat` (0xFD 15).
    case i8x16Splat = 0x0F
    /// `i16x8.splat` (0xFD 16).
    case i16x8Splat = 0x10
    /// `i32x4.splat` (0xFD 17).
    case i32x4Splat = 0x11
    /// `i64x2.splat` (0xFD 18).
    case i64x2Splat = 0x12
    /// `f32x4.splat` (0xFD 19).
    case f32x4Splat = 0x13
    /// `f64x2.splat` (0xFD 20).
    case f64x2Splat = 0x14
    /// `i8x16.extract_lane_s` (0xFD 21).
    case i8x16ExtractLaneS = 0x15
    /// `i8x16.extract_lane_u` (0xFD 22).
    case i8x16ExtractLaneU = 0x16
    /// `i8x16.replace_lane` (0xFD 23).
    case i8x16ReplaceLane = 0x17
    /// `i16x8.extract_lane_s` (0xFD 24).
    case i16x8ExtractLaneS = 0x18
    /// `i16x8.extract_lane_u` (0xFD 25).
    case i16x8ExtractLaneU = 0x19
    /// `i16x8.replace_lane` (0xFD 26).
    case i16x8ReplaceLane = 0x1A
    /// `i32x4.extract_lane` (0xFD 27).
    case i32x4ExtractLane = 0x1B
    /// `i32x4.replace_lane` (0xFD 28).
    case i32x4ReplaceLane = 0x1C
    /// `i64x2.extract_lane` (0xFD 29).
    case i64x2ExtractLane = 0x1D
    /// `i64x2.replace_lane` (0xFD 30).
    case i64x2ReplaceLane = 0x1E
    /// `f32x4.extract_lane` (0xFD 31).
    case f32x4ExtractLane = 0x1F
    /// `f32x4.replace_lane` (0xFD 32).
    case f32x4ReplaceLane = 0x20
    /// `f64x2.extract_lane` (0xFD 33).
    case f64x2ExtractLane = 0x21
    /// `f64x2.replace_lane` (0xFD 34).
    case f64x2ReplaceLane = 0x22
    /// `i8x16.eq` (0xFD 35).
    case i8x16Eq = 0x23
    /// `i8x16.ne` (0xFD 36).
    case i8x16Ne = 0x24
    /// `i8x16.lt_s` (0xFD 37).
    case i8x16LtS = 0x25
    /// `i8x16.lt_u` (0xFD 38).
    case i8x16LtU = 0x26
    /// `i8x16.gt_s` (0xFD 39).
    case i8x16GtS = 0x27
    /// `i8x16.gt_u` (0xFD 40).
    case i8x16GtU = 0x28
    /// `i8x16.le_s` (0xFD 41).
    case i8x16LeS = 0x29
    /// `i8x16.le_u` (0xFD 42).
    case i8x16LeU = 0x2A
    /// `i8x16.ge_s` (0xFD 43).
    case i8x16GeS = 0x2B
    /// `i8x16.ge_u` (0xFD 44).
    case i8x16GeU = 0x2C
    /// `i16x8.eq` (0xFD 45).
    case i16x8Eq = 0x2D
    /// `i16x8.ne` (0xFD 46).
    case i16x8Ne = 0x2E
    /// `i16x8.lt_s` (0xFD 47).
    case i16x8LtS = 0x2F
    /// `i16x8.lt_u` (0xFD 48).
    case i16x8LtU = 0x30
    /// `i16x8.gt_s` (0xFD 49).
    case i16x8GtS = 0x31
    /// `i16x8.gt_u` (0xFD 50).
    case i16x8GtU = 0x32
    /// `i16x8.le_s` (0xFD 51).
    case i16x8LeS = 0x33
    /// `i16x8.le_u` (0xFD 52).
    case i16x8LeU = 0x34
    /// `i16x8.ge_s` (0xFD 53).
    case i16x8GeS = 0x35
    /// `i16x8.ge_u` (0xFD 54).
    case i16x8GeU = 0x36
    /// `i32x4.eq` (0xFD 55).
    case i32x4Eq = 0x37
    /// `i32x4.ne` (0xFD 56).
    case i32x4Ne = 0x38
    /// `i32x4.lt_s` (0xFD 57).
    case i32x4LtS = 0x39
    /// `i32x4.lt_u` (0xFD 58).
    case i32x4LtU = 0x3A
    /// `i32x4.gt_s` (0xFD 59).
    case i32x4GtS = 0x3B
    /// `i32x4.gt_u` (0xFD 60).
    case i32x4GtU = 0x3C
    /// `i32x4.le_s` (0xFD 61).
    case i32x4LeS = 0x3D
    /// `i32x4.le_u` (0xFD 62).
    case i32x4LeU = 0x3E
    /// `i32x4.ge_s` (0xFD 63).
    case i32x4GeS = 0x3F
    /// `i32x4.ge_u` (0xFD 64).
    case i32x4GeU = 0x40
    /// `f32x4.eq` (0xFD 65).
    case f32x4Eq = 0x41
    /// `f32x4.ne` (0xFD 66).
    case f32x4Ne = 0x42
    /// `f32x4.lt` (0xFD 67).
    case f32x4Lt = 0x43
    /// `f32x4.gt` (0xFD 68).
    case f32x4Gt = 0x44
    /// `f32x4.le` (0xFD 69).
    case f32x4Le = 0x45
    /// `f32x4.ge` (0xFD 70).
    case f32x4Ge = 0x46
    /// `f64x2.eq` (0xFD 71).
    case f64x2Eq = 0x47
    /// `f64x2.ne` (0xFD 72).
    case f64x2Ne = 0x48
    /// `f64x2.lt` (0xFD 73).
    case f64x2Lt = 0x49
    /// `f64x2.gt` (0xFD 74).
    case f64x2Gt = 0x4A
    /// `f64x2.le` (0xFD 75).
    case f64x2Le = 0x4B
    /// `f64x2.ge` (0xFD 76).
    case f64x2Ge = 0x4C
    /// `v128.not` (0xFD 77).
    case v128Not = 0x4D
    /// `v128.and` (0xFD 78).
    case v128And = 0x4E
    /// `v128.andnot` (0xFD 79).
    case v128Andnot = 0x4F
    /// `v128.or` (0xFD 80).
    case v128Or = 0x50
    /// `v128.xor` (0xFD 81).
    case v128Xor = 0x51
    /// `v128.bitselect` (0xFD 82).
    case v128Bitselect = 0x52
    /// `v128.any_true` (0xFD 83).
    case v128AnyTrue = 0x53
    /// `v128.load8_lane` (0xFD 84).
    case v128Load8Lane = 0x54
    /// `v128.load16_lane` (0xFD 85).
    case v128Load16Lane = 0x55
    /// `v128.load32_lane` (0xFD 86).
    case v128Load32Lane = 0x56
    /// `v128.load64_lane` (0xFD 87).
    case v128Load64Lane = 0x57
    /// `v128.store8_lane` (0xFD 88).
    case v128Store8Lane = 0x58
    /// `v128.store16_lane` (0xFD 89).
    case v128Store16Lane = 0x59
    /// `v128.store32_lane` (0xFD 90).
    case v128Store32Lane = 0x5A
    /// `v128.store64_lane` (0xFD 91).
    case v128Store64Lane = 0x5B
    /// `v128.load32_zero` (0xFD 92).
    case v128Load32Zero = 0x5C
    /// `v128.load64_zero` (0xFD 93).
    case v128Load64Zero = 0x5D
    /// `f32x4.demote_f64x2_zero` (0xFD 94).
    case f32x4DemoteF64x2Zero = 0x5E
    /// `f64x2.promote_low_f32x4` (0xFD 95).
    case f64x2PromoteLowF32x4 = 0x5F
    /// `i8x16.abs` (0xFD 96).
    case i8x16Abs = 0x60
    /// `i8x16.neg` (0xFD 97).
    case i8x16Neg = 0x61
    /// `i8x16.popcnt` (0xFD 98).
    case i8x16Popcnt = 0x62
    /// `i8x16.all_true` (0xFD 99).
    case i8x16AllTrue = 0x63
    /// `i8x16.bitmask` (0xFD 100).
    case i8x16Bitmask = 0x64
    /// `i8x16.narrow_i16x8_s` (0xFD 101).
    case i8x16NarrowI16x8S = 0x65
    /// `i8x16.narrow_i16x8_u` (0xFD 102).
    case i8x16NarrowI16x8U = 0x66
    /// `f32x4.ceil` (0xFD 103).
    case f32x4Ceil = 0x67
    /// `f32x4.floor` (0xFD 104).
    case f32x4Floor = 0x68
    /// `f32x4.trunc` (0xFD 105).
    case f32x4Trunc = 0x69
    /// `f32x4.nearest` (0xFD 106).
    case f32x4Nearest = 0x6A
    /// `i8x16.shl` (0xFD 107).
    case i8x16Shl = 0x6B
    /// `i8x16.shr_s` (0xFD 108).
    case i8x16ShrS = 0x6C
    /// `i8x16.shr_u` (0xFD 109).
    case i8x16ShrU = 0x6D
    /// `i8x16.add` (0xFD 110).
    case i8x16Add = 0x6E
    /// `i8x16.add_sat_s` (0xFD 111).
    case i8x16AddSatS = 0x6F
    /// `i8x16.add_sat_u` (0xFD 112).
    case i8x16AddSatU = 0x70
    /// `i8x16.sub` (0xFD 113).
    case i8x16Sub = 0x71
    /// `i8x16.sub_sat_s` (0xFD 114).
    case i8x16SubSatS = 0x72
    /// `i8x16.sub_sat_u` (0xFD 115).
    case i8x16SubSatU = 0x73
    /// `f64x2.ceil` (0xFD 116).
    case f64x2Ceil = 0x74
    /// `f64x2.floor` (0xFD 117).
    case f64x2Floor = 0x75
    /// `i8x16.min_s` (0xFD 118).
    case i8x16MinS = 0x76
    /// `i8x16.min_u` (0xFD 119).
    case i8x16MinU = 0x77
    /// `i8x16.max_s` (0xFD 120).
    case i8x16MaxS = 0x78
    /// `i8x16.max_u` (0xFD 121).
    case i8x16MaxU = 0x79
    /// `f64x2.trunc` (0xFD 122).
    case f64x2Trunc = 0x7A
    /// `i8x16.avgr_u` (0xFD 123).
    case i8x16AvgrU = 0x7B
    /// `i16x8.extadd_pairwise_i8x16_s` (0xFD 124).
    case i16x8ExtaddPairwiseI8x16S = 0x7C
    /// `i16x8.extadd_pairwise_i8x16_u` (0xFD 125).
    case i16x8ExtaddPairwiseI8x16U = 0x7D
    /// `i32x4.extadd_pairwise_i16x8_s` (0xFD 126).
    case i32x4ExtaddPairwiseI16x8S = 0x7E
    /// `i32x4.extadd_pairwise_i16x8_u` (0xFD 127).
    case i32x4ExtaddPairwiseI16x8U = 0x7F
    /// `i16x8.abs` (0xFD 128).
    case i16x8Abs = 0x80
    /// `i16x8.neg` (0xFD 129).
    case i16x8Neg = 0x81
    /// `i16x8.q15mulr_sat_s` (0xFD 130).
    case i16x8Q15mulrSatS = 0x82
    /// `i16x8.all_true` (0xFD 131).
    case i16x8AllTrue = 0x83
    /// `i16x8.bitmask` (0xFD 132).
    case i16x8Bitmask = 0x84
    /// `i16x8.narrow_i32x4_s` (0xFD 133).
    case i16x8NarrowI32x4S = 0x85
    /// `i16x8.narrow_i32x4_u` (0xFD 134).
    case i16x8NarrowI32x4U = 0x86
    /// `i16x8.extend_low_i8x16_s` (0xFD 135).
    case i16x8ExtendLowI8x16S = 0x87
    /// `i16x8.extend_high_i8x16_s` (0xFD 136).
    case i16x8ExtendHighI8x16S = 0x88
    /// `i16x8.extend_low_i8x16_u` (0xFD 137).
    case i16x8ExtendLowI8x16U = 0x89
    /// `i16x8.extend_high_i8x16_u` (0xFD 138).
    case i16x8ExtendHighI8x16U = 0x8A
    /// `i16x8.shl` (0xFD 139).
    case i16x8Shl = 0x8B
    /// `i16x8.shr_s` (0xFD 140).
    case i16x8ShrS = 0x8C
    /// `i16x8.shr_u` (0xFD 141).
    case i16x8ShrU = 0x8D
    /// `i16x8.add` (0xFD 142).
    case i16x8Add = 0x8E
    /// `i16x8.add_sat_s` (0xFD 143).
    case i16x8AddSatS = 0x8F
    /// `i16x8.add_sat_u` (0xFD 144).
    case i16x8AddSatU = 0x90
    /// `i16x8.sub` (0xFD 145).
    case i16x8Sub = 0x91
    /// `i16x8.sub_sat_s` (0xFD 146).
    case i16x8SubSatS = 0x92
    /// `i16x8.sub_sat_u` (0xFD 147).
    case i16x8SubSatU = 0x93
    /// `f64x2.nearest` (0xFD 148).
    case f64x2Nearest = 0x94
    /// `i16x8.mul` (0xFD 149).
    case i16x8Mul = 0x95
    /// `i16x8.min_s` (0xFD 150).
    case i16x8MinS = 0x96
    /// `i16x8.min_u` (0xFD 151).
    case i16x8MinU = 0x97
    /// `i16x8.max_s` (0xFD 152).
    case i16x8MaxS = 0x98
    /// `i16x8.max_u` (0xFD 153).
    case i16x8MaxU = 0x99
    /// `i16x8.avgr_u` (0xFD 155).
    case i16x8AvgrU = 0x9B
    /// `i16x8.extmul_low_i8x16_s` (0xFD 156).
    case i16x8ExtmulLowI8x16S = 0x9C
    /// `i16x8.extmul_high_i8x16_s` (0xFD 157).
    case i16x8ExtmulHighI8x16S = 0x9D
    /// `i16x8.extmul_low_i8x16_u` (0xFD 158).
    case i16x8ExtmulLowI8x16U = 0x9E
    /// `i16x8.extmul_high_i8x16_u` (0xFD 159).
    case i16x8ExtmulHighI8x16U = 0x9F
    /// `i32x4.abs` (0xFD 160).
    case i32x4Abs = 0xA0
    /// `i32x4.neg` (0xFD 161).
    case i32x4Neg = 0xA1
    /// `i32x4.all_true` (0xFD 163).
    case i32x4AllTrue = 0xA3
    /// `i32x4.bitmask` (0xFD 164).
    case i32x4Bitmask = 0xA4
    /// `i32x4.extend_low_i16x8_s` (0xFD 167).
    case i32x4ExtendLowI16x8S = 0xA7
    /// `i32x4.extend_high_i16x8_s` (0xFD 168).
    case i32x4ExtendHighI16x8S = 0xA8
    /// `i32x4.extend_low_i16x8_u` (0xFD 169).
    case i32x4ExtendLowI16x8U = 0xA9
    /// `i32x4.extend_high_i16x8_u` (0xFD 170).
    case i32x4ExtendHighI16x8U = 0xAA
    /// `i32x4.shl` (0xFD 171).
    case i32x4Shl = 0xAB
    /// `i32x4.shr_s` (0xFD 172).
    case i32x4ShrS = 0xAC
    /// `i32x4.shr_u` (0xFD 173).
    case i32x4ShrU = 0xAD
    /// `i32x4.add` (0xFD 174).
    case i32x4Add = 0xAE
    /// `i32x4.sub` (0xFD 177).
    case i32x4Sub = 0xB1
    /// `i32x4.mul` (0xFD 181).
    case i32x4Mul = 0xB5
    /// `i32x4.min_s` (0xFD 182).
    case i32x4MinS = 0xB6
    /// `i32x4.min_u` (0xFD 183).
    case i32x4MinU = 0xB7
    /// `i32x4.max_s` (0xFD 184).
    case i32x4MaxS = 0xB8
    /// `i32x4.max_u` (0xFD 185).
    case i32x4MaxU = 0xB9
    /// `i32x4.dot_i16x8_s` (0xFD 186).
    case i32x4DotI16x8S = 0xBA
    /// `i32x4.extmul_low_i16x8_s` (0xFD 188).
    case i32x4ExtmulLowI16x8S = 0xBC
    /// `i32x4.extmul_high_i16x8_s` (0xFD 189).
    case i32x4ExtmulHighI16x8S = 0xBD
    /// `i32x4.extmul_low_i16x8_u` (0xFD 190).
    case i32x4ExtmulLowI16x8U = 0xBE
    /// `i32x4.extmul_high_i16x8_u` (0xFD 191).
    case i32x4ExtmulHighI16x8U = 0xBF
    /// `i64x2.abs` (0xFD 192).
    case i64x2Abs = 0xC0
    /// `i64x2.neg` (0xFD 193).
    case i64x2Neg = 0xC1
    /// `i64x2.all_true` (0xFD 195).
    case i64x2AllTrue = 0xC3
    /// `i64x2.bitmask` (0xFD 196).
    case i64x2Bitmask = 0xC4
    /// `i64x2.extend_low_i32x4_s` (0xFD 199).
    case i64x2ExtendLowI32x4S = 0xC7
    /// `i64x2.extend_high_i32x4_s` (0xFD 200).
    case i64x2ExtendHighI32x4S = 0xC8
    /// `i64x2.extend_low_i32x4_u` (0xFD 201).
    case i64x2ExtendLowI32x4U = 0xC9
    /// `i64x2.extend_high_i32x4_u` (0xFD 202).
    case i64x2ExtendHighI32x4U = 0xCA
    /// `i64x2.shl` (0xFD 203).
    case i64x2Shl = 0xCB
    /// `i64x2.shr_s` (0xFD 204).
    case i64x2ShrS = 0xCC
    /// `i64x2.shr_u` (0xFD 205).
    case i64x2ShrU = 0xCD
    /// `i64x2.add` (0xFD 206).
    case i64x2Add = 0xCE
    /// `i64x2.sub` (0xFD 209).
    case i64x2Sub = 0xD1
    /// `i64x2.mul` (0xFD 213).
    case i64x2Mul = 0xD5
    /// `i64x2.eq` (0xFD 214).
    case i64x2Eq = 0xD6
    /// `i64x2.ne` (0xFD 215).
    case i64x2Ne = 0xD7
    /// `i64x2.lt_s` (0xFD 216).
    case i64x2LtS = 0xD8
    /// `i64x2.gt_s` (0xFD 217).
    case i64x2GtS = 0xD9
    /// `i64x2.le_s` (0xFD 218).
    case i64x2LeS = 0xDA
    /// `i64x2.ge_s` (0xFD 219).
    case i64x2GeS = 0xDB
    /// `i64x2.extmul_low_i32x4_s` (0xFD 220).
    case i64x2ExtmulLowI32x4S = 0xDC
    /// `i64x2.extmul_high_i32x4_s` (0xFD 221).
    case i64x2ExtmulHighI32x4S = 0xDD
    /// `i64x2.extmul_low_i32x4_u` (0xFD 222).
    case i64x2ExtmulLowI32x4U = 0xDE
    /// `i64x2.extmul_high_i32x4_u` (0xFD 223).
    case i64x2ExtmulHighI32x4U = 0xDF
    /// `f32x4.abs` (0xFD 224).
    case f32x4Abs = 0xE0
    /// `f32x4.neg` (0xFD 225).
    case f32x4Neg = 0xE1
    /// `f32x4.sqrt` (0xFD 227).
    case f32x4Sqrt = 0xE3
    /// `f32x4.add` (0xFD 228).
    case f32x4Add = 0xE4
    /// `f32x4.sub` (0xFD 229).
    case f32x4Sub = 0xE5
    /// `f32x4.mul` (0xFD 230).
    case f32x4Mul = 0xE6
    /// `f32x4.div` (0xFD 231).
    case f32x4Div = 0xE7
    /// `f32x4.min` (0xFD 232).
    case f32x4Min = 0xE8
    /// `f32x4.max` (0xFD 233).
    case f32x4Max = 0xE9
    /// `f32x4.pmin` (0xFD 234).
    case f32x4Pmin = 0xEA
    /// `f32x4.pmax` (0xFD 235).
    case f32x4Pmax = 0xEB
    /// `f64x2.abs` (0xFD 236).
    case f64x2Abs = 0xEC
    /// `f64x2.neg` (0xFD 237).
    case f64x2Neg = 0xED
    /// `f64x2.sqrt` (0xFD 239).
    case f64x2Sqrt = 0xEF
    /// `f64x2.add` (0xFD 240).
    case f64x2Add = 0xF0
    /// `f64x2.sub` (0xFD 241).
    case f64x2Sub = 0xF1
    /// `f64x2.mul` (0xFD 242).
    case f64x2Mul = 0xF2
    /// `f64x2.div` (0xFD 243).
    case f64x2Div = 0xF3
    /// `f64x2.min` (0xFD 244).
    case f64x2Min = 0xF4
    /// `f64x2.max` (0xFD 245).
    case f64x2Max = 0xF5
    /// `f64x2.pmin` (0xFD 246).
    case f64x2Pmin = 0xF6
    /// `f64x2.pmax` (0xFD 247).
    case f64x2Pmax = 0xF7
    /// `i32x4.trunc_sat_f32x4_s` (0xFD 248).
    case i32x4TruncSatF32x4S = 0xF8
    /// `i32x4.trunc_sat_f32x4_u` (0xFD 249).
    case i32x4TruncSatF32x4U = 0xF9
    /// `f32x4.convert_i32x4_s` (0xFD 250).
    case f32x4ConvertI32x4S = 0xFA
    /// `f32x4.convert_i32x4_u` (0xFD 251).
    case f32x4ConvertI32x4U = 0xFB
    /// `i32x4.trunc_sat_f64x2_s_zero` (0xFD 252).
    case i32x4TruncSatF64x2SZero = 0xFC
    /// `i32x4.trunc_sat_f64x2_u_zero` (0xFD 253).
    case i32x4TruncSatF64x2UZero = 0xFD
    /// `f64x2.convert_low_i32x4_s` (0xFD 254).
    case f64x2ConvertLowI32x4S = 0xFE
    /// `f64x2.convert_low_i32x4_u` (0xFD 255).
    case f64x2ConvertLowI32x4U = 0xFF

    // Relaxed SIMD (WebAssembly 3.0): the results Capsule gives are listed in Docs/RATIONALE.md.
    /// `i8x16.relaxed_swizzle` (0xFD 256, relaxed SIMD).
    case i8x16RelaxedSwizzle = 0x100
    /// `i32x4.relaxed_trunc_f32x4_s` (0xFD 257, relaxed SIMD).
    case i32x4RelaxedTruncF32x4S = 0x101
    /// `i32x4.relaxed_trunc_f32x4_u` (0xFD 258, relaxed SIMD).
    case i32x4RelaxedTruncF32x4U = 0x102
    /// `i32x4.relaxed_trunc_f64x2_s_zero` (0xFD 259, relaxed SIMD).
    case i32x4RelaxedTruncF64x2SZero = 0x103
    /// `i32x4.relaxed_trunc_f64x2_u_zero` (0xFD 260, relaxed SIMD).
    case i32x4RelaxedTruncF64x2UZero = 0x104
    /// `f32x4.relaxed_madd` (0xFD 261, relaxed SIMD).
    case f32x4RelaxedMadd = 0x105
    /// `f32x4.relaxed_nmadd` (0xFD 262, relaxed SIMD).
    case f32x4RelaxedNmadd = 0x106
    /// `f64x2.relaxed_madd` (0xFD 263, relaxed SIMD).
    case f64x2RelaxedMadd = 0x107
    /// `f64x2.relaxed_nmadd` (0xFD 264, relaxed SIMD).
    case f64x2RelaxedNmadd = 0x108
    /// `i8x16.relaxed_laneselect` (0xFD 265, relaxed SIMD).
    case i8x16RelaxedLaneselect = 0x109
    /// `i16x8.relaxed_laneselect` (0xFD 266, relaxed SIMD).
    case i16x8RelaxedLaneselect = 0x10A
    /// `i32x4.relaxed_laneselect` (0xFD 267, relaxed SIMD).
    case i32x4RelaxedLaneselect = 0x10B
    /// `i64x2.relaxed_laneselect` (0xFD 268, relaxed SIMD).
    case i64x2RelaxedLaneselect = 0x10C
    /// `f32x4.relaxed_min` (0xFD 269, relaxed SIMD).
    case f32x4RelaxedMin = 0x10D
    /// `f32x4.relaxed_max` (0xFD 270, relaxed SIMD).
    case f32x4RelaxedMax = 0x10E
    /// `f64x2.relaxed_min` (0xFD 271, relaxed SIMD).
    case f64x2RelaxedMin = 0x10F
    /// `f64x2.relaxed_max` (0xFD 272, relaxed SIMD).
    case f64x2RelaxedMax = 0x110
    /// `i16x8.relaxed_q15mulr_s` (0xFD 273, relaxed SIMD).
    case i16x8RelaxedQ15mulrS = 0x111
    /// `i16x8.relaxed_dot_i8x16_i7x16_s` (0xFD 274, relaxed SIMD).
    case i16x8RelaxedDotI8x16I7x16S = 0x112
    /// `i32x4.relaxed_dot_i8x16_i7x16_add_s` (0xFD 275, relaxed SIMD).
    case i32x4RelaxedDotI8x16I7x16AddS = 0x113

    /// What immediates the instruction takes.
    public enum ImmediateKind: Sendable, Hashable {
        /// No immediate.
        case none
        /// A memarg (alignment exponent and offset).
        case memory
        /// A lane index byte, which must be below ``Info/laneCount``.
        case lane
        /// A memarg followed by a lane index byte.
        case memoryLane
        /// Sixteen bytes of constant (`v128.const`).
        case constant
        /// Sixteen lane index bytes, each below ``Info/laneCount`` (`i8x16.shuffle`).
        case shuffle
    }

    /// Name and type facts of one SIMD instruction.
    public struct Info: Sendable {
        /// Text-format name, such as `i32x4.add`.
        public let name: String
        /// What immediates follow the sub-opcode.
        public let immediate: ImmediateKind
        /// Operand types, bottom of stack first.
        public let operands: [ValueType]
        /// Result types.
        public let results: [ValueType]
        /// For lane immediates: the number of lanes (a lane index must be below it); 0 otherwise.
        public let laneCount: UInt8
        /// For memory immediates: log2 of the natural alignment (a memarg's `align` must not exceed it); 0 otherwise.
        public let naturalAlignment: UInt32
    }

    /// Name, immediates and types of this instruction (from a table built once).
    @inlinable public var info: Info { SIMDOp.infoTable[Int(rawValue)] }

    /// The immediates of this instruction (cheaper than going through ``info``).
    @inlinable public var immediate: ImmediateKind { SIMDOp.infoTable[Int(rawValue)].immediate }

    /// The text-format name, such as `i32x4.add`.
    public var description: String { info.name }

    /// ``Info`` for every sub-opcode up to the last one (0x113), indexed by raw value (unassigned
    /// sub-opcodes hold a placeholder), so that every case's raw value is a valid index.
    @usableFromInline static let infoTable: [Info] = (0...0x113).map { raw in
        SIMDOp(rawValue: UInt32(raw))?.tableEntry
            ?? Info(name: "<unassigned>", immediate: .none, operands: [], results: [], laneCount: 0, naturalAlignment: 0)
    }

    /// The table itself: one entry per instruction.
    private var tableEntry: Info {
        switch self {
        case .v128Load: return Info(name: "v128.load", immediate: .memory, operands: [.i32], results: [.v128], laneCount: 0, naturalAlignment: 4)
        case .v128Load8x8S: return Info(name: "v128.load8x8_s", immediate: .memory, operands: [.i32], results: [.v128], laneCount: 0, naturalAlignment: 3)
        case .v128Load8x8U: return Info(name: "v128.load8x8_u", immediate: .memory, operands: [.i32], results: [.v128], laneCount: 0, naturalAlignment: 3)
        case .v128Load16x4S: return Info(name: "v128.load16x4_s", immediate: .memory, operands: [.i32], results: [.v128], laneCount: 0, naturalAlignment: 3)
        case .v128Load16x4U: return Info(name: "v128.load16x4_u", immediate: .memory, operands: [.i32], results: [.v128], laneCount: 0, naturalAlignment: 3)
        case .v128Load32x2S: return Info(name: "v128.load32x2_s", immediate: .memory, operands: [.i32], results: [.v128], laneCount: 0, naturalAlignment: 3)
        case .v128Load32x2U: return Info(name: "v128.load32x2_u", immediate: .memory, operands: [.i32], results: [.v128], laneCount: 0, naturalAlignment: 3)
        case .v128Load8Splat: return Info(name: "v128.load8_splat", immediate: .memory, operands: [.i32], results: [.v128], laneCount: 0, naturalAlignment: 0)
        case .v128Load16Splat: return Info(name: "v128.load16_splat", immediate: .memory, operands: [.i32], results: [.v128], laneCount: 0, naturalAlignment: 1)
        case .v128Load32Splat: return Info(name: "v128.load32_splat", immediate: .memory, operands: [.i32], results: [.v128], laneCount: 0, naturalAlignment: 2)
        case .v128Load64Splat: return Info(name: "v128.load64_splat", immediate: .memory, operands: [.i32], results: [.v128], laneCount: 0, naturalAlignment: 3)
        case .v128Store: return Info(name: "v128.store", immediate: .memory, operands: [.i32, .v128], results: [], laneCount: 0, naturalAlignment: 4)
        case .v128Const: return Info(name: "v128.const", immediate: .constant, operands: [], results: [.v128], laneCount: 0, naturalAlignment: 0)
        case .i8x16Shuffle: return Info(name: "i8x16.shuffle", immediate: .shuffle, operands: [.v128, .v128], results: [.v128], laneCount: 32, naturalAlignment: 0)
        case .i8x16Swizzle: return Info(name: "i8x16.swizzle", immediate: .none, operands: [.v128, .v128], results: [.v128], laneCount: 0, naturalAlignment: 0)
        case .i8x16Splat: return Info(name: "i8x16.splat", immediate: .none, operands: [.i32], results: [.v128], laneCount: 0, naturalAlignment: 0)
        case .i16x8Splat: return Info(name: "i16x8.splat", immediate: .none, operands: [.i32], results: [.v128], laneCount: 0, naturalAlignment: 0)
        case .i32x4Splat: return Info(name: "i32x4.splat", immediate: .none, operands: [.i32], results: [.v128], laneCount: 0, naturalAlignment: 0)
        case .i64x2Splat: return Info(name: "i64x2.splat", immediate: .none, operands: [.i64], results: [.v128], laneCount: 0, naturalAlignment: 0)
        case .f32x4Splat: return Info(name: "f32x4.splat", immediate: .none, operands: [.f32], results: [.v128], laneCount: 0, naturalAlignment: 0)
        case .f64x2Splat: return Info(name: "f64x2.splat", immediate: .none, operands: [.f64], results: [.v128], laneCount: 0, naturalAlignment: 0)
        case .i8x16ExtractLaneS: return Info(name: "i8x16.extract_lane_s", immediate: .lane, operands: [.v128], results: [.i32], laneCount: 16, naturalAlignment: 0)
        case .i8x16ExtractLaneU: return Info(name: "i8x16.extract_lane_u", immediate: .lane, operands: [.v128], results: [.i32], laneCount: 16, naturalAlignment: 0)
        case .i8x16ReplaceLane: return Info(name: "i8x16.replace_lane", immediate: .lane, operands: [.v128, .i32], results: [.v128], laneCount: 16, naturalAlignment: 0)
        case .i16x8ExtractLaneS: return Info(name: "i16x8.extract_lane_s", immediate: .lane, operands: [.v128], results: [.i32], laneCount: 8, naturalAlignment: 0)
        case .i16x8ExtractLaneU: return Info(name: "i16x8.extract_lane_u", immediate: .lane, operands: [.v128], results: [.i32], laneCount: 8, naturalAlignment: 0)
        case .i16x8ReplaceLane: return Info(name: "i16x8.replace_lane", immediate: .lane, operands: [.v128, .i32], results: [.v128], laneCount: 8, naturalAlignment: 0)
        case .i32x4ExtractLane: return Info(name: "i32x4.extract_lane", immediate: .lane, operands: [.v128], results: [.i32], laneCount: 4, naturalAlignment: 0)
        case .i32x4ReplaceLane: return Info(name: "i32x4.replace_lane", immediate: .lane, operands: [.v128, .i32], results: [.v128], laneCount: 4, naturalAlignment: 0)
        case .i64x2ExtractLane: return Info(name: "i64x2.extract_lane", immediate: .lane, operands: [.v128], results: [.i64], laneCount: 2, naturalAlignment: 0)
        case .i64x2ReplaceLane: return Info(name: "i64x2.replace_lane", immediate: .lane, operands: [.v128, .i64], results: [.v128], laneCount: 2, naturalAlignment: 0)
        case .f32x4ExtractLane: return Info(name: "f32x4.extract_lane", immediate: .lane, operands: [.v128], results: [.f32], laneCount: 4, naturalAlignment: 0)
        case .f32x4ReplaceLane: return Info(name: "f32x4.replace_lane", immediate: .lane, operands: [.v128, .f32], results: [.v128], laneCount: 4, naturalAlignment: 0)
        case .f64x2ExtractLane: return Info(name: "f64x2.extract_lane", immediate: .lane, operands: [.v128], results: [.f64], laneCount: 2, naturalAlignment: 0)
        case .f64x2ReplaceLane: return Info(name: "f64x2.replace_lane", immediate: .lane, operands: [.v128, .f64], results: [.v128], laneCount: 2, naturalAlignment: 0)
        case .i8x16Eq: return Info(name: "i8x16.eq", immediate: .none, operands: [.v128, .v128], results: [.v128], laneCount: 0, naturalAlignment: 0)
        case .i8x16Ne: return Info(name: "i8x16.ne", immediate: .none, operands: [.v128, .v128], results: [.v128], laneCount: 0, naturalAlignment: 0)
        case .i8x16LtS: return Info(name: "i8x16.lt_s", immediate: .none, operands: [.v128, .v128], results: [.v128], laneCount: 0, naturalAlignment: 0)
        case .i8x16LtU: return Info(name: "i8x16.lt_u", immediate: .none, operands: [.v128, .v128], results: [.v128], laneCount: 0, naturalAlignment: 0)
        case .i8x16GtS: return Info(name: "i8x16.gt_s", immediate: .none, operands: [.v128, .v128], results: [.v128], laneCount: 0, naturalAlignment: 0)
        case .i8x16GtU: return Info(name: "i8x16.gt_u", immediate: .none, operands: [.v128, .v128], results: [.v128], laneCount: 0, naturalAlignment: 0)
        case .i8x16LeS: return Info(name: "i8x16.le_s", immediate: .none, operands: [.v128, .v128], results: [.v128], laneCount: 0, naturalAlignment: 0)
        case .i8x16LeU: return Info(name: "i8x16.le_u", immediate: .none, operands: [.v128, .v128], results: [.v128], laneCount: 0, naturalAlignment: 0)
        case .i8x16GeS: return Info(name: "i8x16.ge_s", immediate: .none, operands: [.v128, .v128], results: [.v128], laneCount: 0, naturalAlignment: 0)
        case .i8x16GeU: return Info(name: "i8x16.ge_u", immediate: .none, operands: [.v128, .v128], results: [.v128], laneCount: 0, naturalAlignment: 0)
        case .i16x8Eq: return Info(name: "i16x8.eq", immediate: .none, operands: [.v128, .v128], results: [.v128], laneCount: 0, naturalAlignment: 0)
        case .i16x8Ne: return Info(name: "i16x8.ne", immediate: .none, operands: [.v128, .v128], results: [.v128], laneCount: 0, naturalAlignment: 0)
        case .i16x8LtS: return Info(name: "i16x8.lt_s", immediate: .none, operands: [.v128, .v128], results: [.v128], laneCount: 0, naturalAlignment: 0)
        case .i16x8LtU: return Info(name: "i16x8.lt_u", immediate: .none, operands: [.v128, .v128], results: [.v128], laneCount: 0, naturalAlignment: 0)
        case .i16x8GtS: return Info(name: "i16x8.gt_s", immediate: .none, operands: [.v128, .v128], results: [.v128], laneCount: 0, naturalAlignment: 0)
        case .i16x8GtU: return Info(name: "i16x8.gt_u", immediate: .none, operands: [.v128, .v128], results: [.v128], laneCount: 0, naturalAlignment: 0)
        case .i16x8LeS: return Info(name: "i16x8.le_s", immediate: .none, operands: [.v128, .v128], results: [.v128], laneCount: 0, naturalAlignment: 0)
        case .i16x8LeU: return Info(name: "i16x8.le_u", immediate: .none, operands: [.v128, .v128], results: [.v128], laneCount: 0, naturalAlignment: 0)
        case .i16x8GeS: return Info(name: "i16x8.ge_s", immediate: .none, operands: [.v128, .v128], results: [.v128], laneCount: 0, naturalAlignment: 0)
        case .i16x8GeU: return Info(name: "i16x8.ge_u", immediate: .none, operands: [.v128, .v128], results: [.v128], laneCount: 0, naturalAlignment: 0)
        case .i32x4Eq: return Info(name: "i32x4.eq", immediate: .none, operands: [.v128, .v128], results: [.v128], laneCount: 0, naturalAlignment: 0)
        case .i32x4Ne: return Info(name: "i32x4.ne", immediate: .none, operands: [.v128, .v128], results: [.v128], laneCount: 0, naturalAlignment: 0)
        case .i32x4LtS: return Info(name: "i32x4.lt_s", immediate: .none, operands: [.v128, .v128], results: [.v128], laneCount: 0, naturalAlignment: 0)
        case .i32x4LtU: return Info(name: "i32x4.lt_u", immediate: .none, operands: [.v128, .v128], results: [.v128], laneCount: 0, naturalAlignment: 0)
        case .i32x4GtS: return Info(name: "i32x4.gt_s", immediate: .none, operands: [.v128, .v128], results: [.v128], laneCount: 0, naturalAlignment: 0)
        case .i32x4GtU: return Info(name: "i32x4.gt_u", immediate: .none, operands: [.v128, .v128], results: [.v128], laneCount: 0, naturalAlignment: 0)
        case .i32x4LeS: return Info(name: "i32x4.le_s", immediate: .none, operands: [.v128, .v128], results: [.v128], laneCount: 0, naturalAlignment: 0)
        case .i32x4LeU: return Info(name: "i32x4.le_u", immediate: .none, operands: [.v128, .v128], results: [.v128], laneCount: 0, naturalAlignment: 0)
        case .i32x4GeS: return Info(name: "i32x4.ge_s", immediate: .none, operands: [.v128, .v128], results: [.v128], laneCount: 0, naturalAlignment: 0)
        case .i32x4GeU: return Info(name: "i32x4.ge_u", immediate: .none, operands: [.v128, .v128], results: [.v128], laneCount: 0, naturalAlignment: 0)
        case .f32x4Eq: return Info(name: "f32x4.eq", immediate: .none, operands: [.v128, .v128], results: [.v128], laneCount: 0, naturalAlignment: 0)
        case .f32x4Ne: return Info(name: "f32x4.ne", immediate: .none, operands: [.v128, .v128], results: [.v128], laneCount: 0, naturalAlignment: 0)
        case .f32x4Lt: return Info(name: "f32x4.lt", immediate: .none, operands: [.v128, .v128], results: [.v128], laneCount: 0, naturalAlignment: 0)
        case .f32x4Gt: return Info(name: "f32x4.gt", immediate: .none, operands: [.v128, .v128], results: [.v128], laneCount: 0, naturalAlignment: 0)
        case .f32x4Le: return Info(name: "f32x4.le", immediate: .none, operands: [.v128, .v128], results: [.v128], laneCount: 0, naturalAlignment: 0)
        case .f32x4Ge: return Info(name: "f32x4.ge", immediate: .none, operands: [.v128, .v128], results: [.v128], laneCount: 0, naturalAlignment: 0)
        case .f64x2Eq: return Info(name: "f64x2.eq", immediate: .none, operands: [.v128, .v128], results: [.v128], laneCount: 0, naturalAlignment: 0)
        case .f64x2Ne: return Info(name: "f64x2.ne", immediate: .none, operands: [.v128, .v128], results: [.v128], laneCount: 0, naturalAlignment: 0)
        case .f64x2Lt: return Info(name: "f64x2.lt", immediate: .none, operands: [.v128, .v128], results: [.v128], laneCount: 0, naturalAlignment: 0)
        case .f64x2Gt: return Info(name: "f64x2.gt", immediate: .none, operands: [.v128, .v128], results: [.v128], laneCount: 0, naturalAlignment: 0)
        case .f64x2Le: return Info(name: "f64x2.le", immediate: .none, operands: [.v128, .v128], results: [.v128], laneCount: 0, naturalAlignment: 0)
        case .f64x2Ge: return Info(name: "f64x2.ge", immediate: .none, operands: [.v128, .v128], results: [.v128], laneCount: 0, naturalAlignment: 0)
        case .v128Not: return Info(name: "v128.not", immediate: .none, operands: [.v128], results: [.v128], laneCount: 0, naturalAlignment: 0)
        case .v128And: return Info(name: "v128.and", immediate: .none, operands: [.v128, .v128], results: [.v128], laneCount: 0, naturalAlignment: 0)
        case .v128Andnot: return Info(name: "v128.andnot", immediate: .none, operands: [.v128, .v128], results: [.v128], laneCount: 0, naturalAlignment: 0)
        case .v128Or: return Info(name: "v128.or", immediate: .none, operands: [.v128, .v128], results: [.v128], laneCount: 0, naturalAlignment: 0)
        case .v128Xor: return Info(name: "v128.xor", immediate: .none, operands: [.v128, .v128], results: [.v128], laneCount: 0, naturalAlignment: 0)
        case .v128Bitselect: return Info(name: "v128.bitselect", immediate: .none, operands: [.v128, .v128, .v128], results: [.v128], laneCount: 0, naturalAlignment: 0)
        case .v128AnyTrue: return Info(name: "v128.any_true", immediate: .none, operands: [.v128], results: [.i32], laneCount: 0, naturalAlignment: 0)
        case .v128Load8Lane: return Info(name: "v128.load8_lane", immediate: .memoryLane, operands: [.i32, .v128], results: [.v128], laneCount: 16, naturalAlignment: 0)
        case .v128Load16Lane: return Info(name: "v128.load16_lane", immediate: .memoryLane, operands: [.i32, .v128], results: [.v128], laneCount: 8, naturalAlignment: 1)
        case .v128Load32Lane: return Info(name: "v128.load32_lane", immediate: .memoryLane, operands: [.i32, .v128], results: [.v128], laneCount: 4, naturalAlignment: 2)
        case .v128Load64Lane: return Info(name: "v128.load64_lane", immediate: .memoryLane, operands: [.i32, .v128], results: [.v128], laneCount: 2, naturalAlignment: 3)
        case .v128Store8Lane: return Info(name: "v128.store8_lane", immediate: .memoryLane, operands: [.i32, .v128], results: [], laneCount: 16, naturalAlignment: 0)
        case .v128Store16Lane: return Info(name: "v128.store16_lane", immediate: .memoryLane, operands: [.i32, .v128], results: [], laneCount: 8, naturalAlignment: 1)
        case .v128Store32Lane: return Info(name: "v128.store32_lane", immediate: .memoryLane, operands: [.i32, .v128], results: [], laneCount: 4, naturalAlignment: 2)
        case .v128Store64Lane: return Info(name: "v128.store64_lane", immediate: .memoryLane, operands: [.i32, .v128], results: [], laneCount: 2, naturalAlignment: 3)
        case .v128Load32Zero: return Info(name: "v128.load32_zero", immediate: .memory, operands: [.i32], results: [.v128], laneCount: 0, naturalAlignment: 2)
        case .v128Load64Zero: return Info(name: "v128.load64_zero", immediate: .memory, operands: [.i32], results: [.v128], laneCount: 0, naturalAlignment: 3)
        case .f32x4DemoteF64x2Zero: return Info(name: "f32x4.demote_f64x2_zero", immediate: .none, operands: [.v128], results: [.v128], laneCount: 0, naturalAlignment: 0)
        case .f64x2PromoteLowF32x4: return Info(name: "f64x2.promote_low_f32x4", immediate: .none, operands: [.v128], results: [.v128], laneCount: 0, naturalAlignment: 0)
        case .i8x16Abs: return Info(name: "i8x16.abs", immediate: .none, operands: [.v128], results: [.v128], laneCount: 0, naturalAlignment: 0)
        case .i8x16Neg: return Info(name: "i8x16.neg", immediate: .none, operands: [.v128], results: [.v128], laneCount: 0, naturalAlignment: 0)
        case .i8x16Popcnt: return Info(name: "i8x16.popcnt", immediate: .none, operands: [.v128], results: [.v128], laneCount: 0, naturalAlignment: 0)
        case .i8x16AllTrue: return Info(name: "i8x16.all_true", immediate: .none, operands: [.v128], results: [.i32], laneCount: 0, naturalAlignment: 0)
        case .i8x16Bitmask: return Info(name: "i8x16.bitmask", immediate: .none, operands: [.v128], results: [.i32], laneCount: 0, naturalAlignment: 0)
        case .i8x16NarrowI16x8S: return Info(name: "i8x16.narrow_i16x8_s", immediate: .none, operands: [.v128, .v128], results: [.v128], laneCount: 0, naturalAlignment: 0)
        case .i8x16NarrowI16x8U: return Info(name: "i8x16.narrow_i16x8_u", immediate: .none, operands: [.v128, .v128], results: [.v128], laneCount: 0, naturalAlignment: 0)
        case .f32x4Ceil: return Info(name: "f32x4.ceil", immediate: .none, operands: [.v128], results: [.v128], laneCount: 0, naturalAlignment: 0)
        case .f32x4Floor: return Info(name: "f32x4.floor", immediate: .none, operands: [.v128], results: [.v128], laneCount: 0, naturalAlignment: 0)
        case .f32x4Trunc: return Info(name: "f32x4.trunc", immediate: .none, operands: [.v128], results: [.v128], laneCount: 0, naturalAlignment: 0)
        case .f32x4Nearest: return Info(name: "f32x4.nearest", immediate: .none, operands: [.v128], results: [.v128], laneCount: 0, naturalAlignment: 0)
        case .i8x16Shl: return Info(name: "i8x16.shl", immediate: .none, operands: [.v128, .i32], results: [.v128], laneCount: 0, naturalAlignment: 0)
        case .i8x16ShrS: return Info(name: "i8x16.shr_s", immediate: .none, operands: [.v128, .i32], results: [.v128], laneCount: 0, naturalAlignment: 0)
        case .i8x16ShrU: return Info(name: "i8x16.shr_u", immediate: .none, operands: [.v128, .i32], results: [.v128], laneCount: 0, naturalAlignment: 0)
        case .i8x16Add: return Info(name: "i8x16.add", immediate: .none, operands: [.v128, .v128], results: [.v128], laneCount: 0, naturalAlignment: 0)
        case .i8x16AddSatS: return Info(name: "i8x16.add_sat_s", immediate: .none, operands: [.v128, .v128], results: [.v128], laneCount: 0, naturalAlignment: 0)
        case .i8x16AddSatU: return Info(name: "i8x16.add_sat_u", immediate: .none, operands: [.v128, .v128], results: [.v128], laneCount: 0, naturalAlignment: 0)
        case .i8x16Sub: return Info(name: "i8x16.sub", immediate: .none, operands: [.v128, .v128], results: [.v128], laneCount: 0, naturalAlignment: 0)
        case .i8x16SubSatS: return Info(name: "i8x16.sub_sat_s", immediate: .none, operands: [.v128, .v128], results: [.v128], laneCount: 0, naturalAlignment: 0)
        case .i8x16SubSatU: return Info(name: "i8x16.sub_sat_u", immediate: .none, operands: [.v128, .v128], results: [.v128], laneCount: 0, naturalAlignment: 0)
        case .f64x2Ceil: return Info(name: "f64x2.ceil", immediate: .none, operands: [.v128], results: [.v128], laneCount: 0, naturalAlignment: 0)
        case .f64x2Floor: return Info(name: "f64x2.floor", immediate: .none, operands: [.v128], results: [.v128], laneCount: 0, naturalAlignment: 0)
        case .i8x16MinS: return Info(name: "i8x16.min_s", immediate: .none, operands: [.v128, .v128], results: [.v128], laneCount: 0, naturalAlignment: 0)
        case .i8x16MinU: return Info(name: "i8x16.min_u", immediate: .none, operands: [.v128, .v128], results: [.v128], laneCount: 0, naturalAlignment: 0)
        case .i8x16MaxS: return Info(name: "i8x16.max_s", immediate: .none, operands: [.v128, .v128], results: [.v128], laneCount: 0, naturalAlignment: 0)
        case .i8x16MaxU: return Info(name: "i8x16.max_u", immediate: .none, operands: [.v128, .v128], results: [.v128], laneCount: 0, naturalAlignment: 0)
        case .f64x2Trunc: return Info(name: "f64x2.trunc", immediate: .none, operands: [.v128], results: [.v128], laneCount: 0, naturalAlignment: 0)
        case .i8x16AvgrU: return Info(name: "i8x16.avgr_u", immediate: .none, operands: [.v128, .v128], results: [.v128], laneCount: 0, naturalAlignment: 0)
        case .i16x8ExtaddPairwiseI8x16S: return Info(name: "i16x8.extadd_pairwise_i8x16_s", immediate: .none, operands: [.v128], results: [.v128], laneCount: 0, naturalAlignment: 0)
        case .i16x8ExtaddPairwiseI8x16U: return Info(name: "i16x8.extadd_pairwise_i8x16_u", immediate: .none, operands: [.v128], results: [.v128], laneCount: 0, naturalAlignment: 0)
        case .i32x4ExtaddPairwiseI16x8S: return Info(name: "i32x4.extadd_pairwise_i16x8_s", immediate: .none, operands: [.v128], results: [.v128], laneCount: 0, naturalAlignment: 0)
        case .i32x4ExtaddPairwiseI16x8U: return Info(name: "i32x4.extadd_pairwise_i16x8_u", immediate: .none, operands: [.v128], results: [.v128], laneCount: 0, naturalAlignment: 0)
        case .i16x8Abs: return Info(name: "i16x8.abs", immediate: .none, operands: [.v128], results: [.v128], laneCount: 0, naturalAlignment: 0)
        case .i16x8Neg: return Info(name: "i16x8.neg", immediate: .none, operands: [.v128], results: [.v128], laneCount: 0, naturalAlignment: 0)
        case .i16x8Q15mulrSatS: return Info(name: "i16x8.q15mulr_sat_s", immediate: .none, operands: [.v128, .v128], results: [.v128], laneCount: 0, naturalAlignment: 0)
        case .i16x8AllTrue: return Info(name: "i16x8.all_true", immediate: .none, operands: [.v128], results: [.i32], laneCount: 0, naturalAlignment: 0)
        case .i16x8Bitmask: return Info(name: "i16x8.bitmask", immediate: .none, operands: [.v128], results: [.i32], laneCount: 0, naturalAlignment: 0)
        case .i16x8NarrowI32x4S: return Info(name: "i16x8.narrow_i32x4_s", immediate: .none, operands: [.v128, .v128], results: [.v128], laneCount: 0, naturalAlignment: 0)
        case .i16x8NarrowI32x4U: return Info(name: "i16x8.narrow_i32x4_u", immediate: .none, operands: [.v128, .v128], results: [.v128], laneCount: 0, naturalAlignment: 0)
        case .i16x8ExtendLowI8x16S: return Info(name: "i16x8.extend_low_i8x16_s", immediate: .none, operands: [.v128], results: [.v128], laneCount: 0, naturalAlignment: 0)
        case .i16x8ExtendHighI8x16S: return Info(name: "i16x8.extend_high_i8x16_s", immediate: .none, operands: [.v128], results: [.v128], laneCount: 0, naturalAlignment: 0)
        case .i16x8ExtendLowI8x16U: return Info(name: "i16x8.extend_low_i8x16_u", immediate: .none, operands: [.v128], results: [.v128], laneCount: 0, naturalAlignment: 0)
        case .i16x8ExtendHighI8x16U: return Info(name: "i16x8.extend_high_i8x16_u", immediate: .none, operands: [.v128], results: [.v128], laneCount: 0, naturalAlignment: 0)
        case .i16x8Shl: return Info(name: "i16x8.shl", immediate: .none, operands: [.v128, .i32], results: [.v128], laneCount: 0, naturalAlignment: 0)
        case .i16x8ShrS: return Info(name: "i16x8.shr_s", immediate: .none, operands: [.v128, .i32], results: [.v128], laneCount: 0, naturalAlignment: 0)
        case .i16x8ShrU: return Info(name: "i16x8.shr_u", immediate: .none, operands: [.v128, .i32], results: [.v128], laneCount: 0, naturalAlignment: 0)
        case .i16x8Add: return Info(name: "i16x8.add", immediate: .none, operands: [.v128, .v128], results: [.v128], laneCount: 0, naturalAlignment: 0)
        case .i16x8AddSatS: return Info(name: "i16x8.add_sat_s", immediate: .none, operands: [.v128, .v128], results: [.v128], laneCount: 0, naturalAlignment: 0)
        case .i16x8AddSatU: return Info(name: "i16x8.add_sat_u", immediate: .none, operands: [.v128, .v128], results: [.v128], laneCount: 0, naturalAlignment: 0)
        case .i16x8Sub: return Info(name: "i16x8.sub", immediate: .none, operands: [.v128, .v128], results: [.v128], laneCount: 0, naturalAlignment: 0)
        case .i16x8SubSatS: return Info(name: "i16x8.sub_sat_s", immediate: .none, operands: [.v128, .v128], results: [.v128], laneCount: 0, naturalAlignment: 0)
        case .i16x8SubSatU: return Info(name: "i16x8.sub_sat_u", immediate: .none, operands: [.v128, .v128], results: [.v128], laneCount: 0, naturalAlignment: 0)
        case .f64x2Nearest: return Info(name: "f64x2.nearest", immediate: .none, operands: [.v128], results: [.v128], laneCount: 0, naturalAlignment: 0)
        case .i16x8Mul: return Info(name: "i16x8.mul", immediate: .none, operands: [.v128, .v128], results: [.v128], laneCount: 0, naturalAlignment: 0)
        case .i16x8MinS: return Info(name: "i16x8.min_s", immediate: .none, operands: [.v128, .v128], results: [.v128], laneCount: 0, naturalAlignment: 0)
        case .i16x8MinU: return Info(name: "i16x8.min_u", immediate: .none, operands: [.v128, .v128], results: [.v128], laneCount: 0, naturalAlignment: 0)
        case .i16x8MaxS: return Info(name: "i16x8.max_s", immediate: .none, operands: [.v128, .v128], results: [.v128], laneCount: 0, naturalAlignment: 0)
        case .i16x8MaxU: return Info(name: "i16x8.max_u", immediate: .none, operands: [.v128, .v128], results: [.v128], laneCount: 0, naturalAlignment: 0)
        case .i16x8AvgrU: return Info(name: "i16x8.avgr_u", immediate: .none, operands: [.v128, .v128], results: [.v128], laneCount: 0, naturalAlignment: 0)
        case .i16x8ExtmulLowI8x16S: return Info(name: "i16x8.extmul_low_i8x16_s", immediate: .none, operands: [.v128, .v128], results: [.v128], laneCount: 0, naturalAlignment: 0)
        case .i16x8ExtmulHighI8x16S: return Info(name: "i16x8.extmul_high_i8x16_s", immediate: .none, operands: [.v128, .v128], results: [.v128], laneCount: 0, naturalAlignment: 0)
        case .i16x8ExtmulLowI8x16U: return Info(name: "i16x8.extmul_low_i8x16_u", immediate: .none, operands: [.v128, .v128], results: [.v128], laneCount: 0, naturalAlignment: 0)
        case .i16x8ExtmulHighI8x16U: return Info(name: "i16x8.extmul_high_i8x16_u", immediate: .none, operands: [.v128, .v128], results: [.v128], laneCount: 0, naturalAlignment: 0)
        case .i32x4Abs: return Info(name: "i32x4.abs", immediate: .none, operands: [.v128], results: [.v128], laneCount: 0, naturalAlignment: 0)
        case .i32x4Neg: return Info(name: "i32x4.neg", immediate: .none, operands: [.v128], results: [.v128], laneCount: 0, naturalAlignment: 0)
        case .i32x4AllTrue: return Info(name: "i32x4.all_true", immediate: .none, operands: [.v128], results: [.i32], laneCount: 0, naturalAlignment: 0)
        case .i32x4Bitmask: return Info(name: "i32x4.bitmask", immediate: .none, operands: [.v128], results: [.i32], laneCount: 0, naturalAlignment: 0)
        case .i32x4ExtendLowI16x8S: return Info(name: "i32x4.extend_low_i16x8_s", immediate: .none, operands: [.v128], results: [.v128], laneCount: 0, naturalAlignment: 0)
        case .i32x4ExtendHighI16x8S: return Info(name: "i32x4.extend_high_i16x8_s", immediate: .none, operands: [.v128], results: [.v128], laneCount: 0, naturalAlignment: 0)
        case .i32x4ExtendLowI16x8U: return Info(name: "i32x4.extend_low_i16x8_u", immediate: .none, operands: [.v128], results: [.v128], laneCount: 0, naturalAlignment: 0)
        case .i32x4ExtendHighI16x8U: return Info(name: "i32x4.extend_high_i16x8_u", immediate: .none, operands: [.v128], results: [.v128], laneCount: 0, naturalAlignment: 0)
        case .i32x4Shl: return Info(name: "i32x4.shl", immediate: .none, operands: [.v128, .i32], results: [.v128], laneCount: 0, naturalAlignment: 0)
        case .i32x4ShrS: return Info(name: "i32x4.shr_s", immediate: .none, operands: [.v128, .i32], results: [.v128], laneCount: 0, naturalAlignment: 0)
        case .i32x4ShrU: return Info(name: "i32x4.shr_u", immediate: .none, operands: [.v128, .i32], results: [.v128], laneCount: 0, naturalAlignment: 0)
        case .i32x4Add: return Info(name: "i32x4.add", immediate: .none, operands: [.v128, .v128], results: [.v128], laneCount: 0, naturalAlignment: 0)
        case .i32x4Sub: return Info(name: "i32x4.sub", immediate: .none, operands: [.v128, .v128], results: [.v128], laneCount: 0, naturalAlignment: 0)
        case .i32x4Mul: return Info(name: "i32x4.mul", immediate: .none, operands: [.v128, .v128], results: [.v128], laneCount: 0, naturalAlignment: 0)
        case .i32x4MinS: return Info(name: "i32x4.min_s", immediate: .none, operands: [.v128, .v128], results: [.v128], laneCount: 0, naturalAlignment: 0)
        case .i32x4MinU: return Info(name: "i32x4.min_u", immediate: .none, operands: [.v128, .v128], results: [.v128], laneCount: 0, naturalAlignment: 0)
        case .i32x4MaxS: return Info(name: "i32x4.max_s", immediate: .none, operands: [.v128, .v128], results: [.v128], laneCount: 0, naturalAlignment: 0)
        case .i32x4MaxU: return Info(name: "i32x4.max_u", immediate: .none, operands: [.v128, .v128], results: [.v128], laneCount: 0, naturalAlignment: 0)
        case .i32x4DotI16x8S: return Info(name: "i32x4.dot_i16x8_s", immediate: .none, operands: [.v128, .v128], results: [.v128], laneCount: 0, naturalAlignment: 0)
        case .i32x4ExtmulLowI16x8S: return Info(name: "i32x4.extmul_low_i16x8_s", immediate: .none, operands: [.v128, .v128], results: [.v128], laneCount: 0, naturalAlignment: 0)
        case .i32x4ExtmulHighI16x8S: return Info(name: "i32x4.extmul_high_i16x8_s", immediate: .none, operands: [.v128, .v128], results: [.v128], laneCount: 0, naturalAlignment: 0)
        case .i32x4ExtmulLowI16x8U: return Info(name: "i32x4.extmul_low_i16x8_u", immediate: .none, operands: [.v128, .v128], results: [.v128], laneCount: 0, naturalAlignment: 0)
        case .i32x4ExtmulHighI16x8U: return Info(name: "i32x4.extmul_high_i16x8_u", immediate: .none, operands: [.v128, .v128], results: [.v128], laneCount: 0, naturalAlignment: 0)
        case .i64x2Abs: return Info(name: "i64x2.abs", immediate: .none, operands: [.v128], results: [.v128], laneCount: 0, naturalAlignment: 0)
        case .i64x2Neg: return Info(name: "i64x2.neg", immediate: .none, operands: [.v128], results: [.v128], laneCount: 0, naturalAlignment: 0)
        case .i64x2AllTrue: return Info(name: "i64x2.all_true", immediate: .none, operands: [.v128], results: [.i32], laneCount: 0, naturalAlignment: 0)
        case .i64x2Bitmask: return Info(name: "i64x2.bitmask", immediate: .none, operands: [.v128], results: [.i32], laneCount: 0, naturalAlignment: 0)
        case .i64x2ExtendLowI32x4S: return Info(name: "i64x2.extend_low_i32x4_s", immediate: .none, operands: [.v128], results: [.v128], laneCount: 0, naturalAlignment: 0)
        case .i64x2ExtendHighI32x4S: return Info(name: "i64x2.extend_high_i32x4_s", immediate: .none, operands: [.v128], results: [.v128], laneCount: 0, naturalAlignment: 0)
        case .i64x2ExtendLowI32x4U: return Info(name: "i64x2.extend_low_i32x4_u", immediate: .none, operands: [.v128], results: [.v128], laneCount: 0, naturalAlignment: 0)
        case .i64x2ExtendHighI32x4U: return Info(name: "i64x2.extend_high_i32x4_u", immediate: .none, operands: [.v128], results: [.v128], laneCount: 0, naturalAlignment: 0)
        case .i64x2Shl: return Info(name: "i64x2.shl", immediate: .none, operands: [.v128, .i32], results: [.v128], laneCount: 0, naturalAlignment: 0)
        case .i64x2ShrS: return Info(name: "i64x2.shr_s", immediate: .none, operands: [.v128, .i32], results: [.v128], laneCount: 0, naturalAlignment: 0)
        case .i64x2ShrU: return Info(name: "i64x2.shr_u", immediate: .none, operands: [.v128, .i32], results: [.v128], laneCount: 0, naturalAlignment: 0)
        case .i64x2Add: return Info(name: "i64x2.add", immediate: .none, operands: [.v128, .v128], results: [.v128], laneCount: 0, naturalAlignment: 0)
        case .i64x2Sub: return Info(name: "i64x2.sub", immediate: .none, operands: [.v128, .v128], results: [.v128], laneCount: 0, naturalAlignment: 0)
        case .i64x2Mul: return Info(name: "i64x2.mul", immediate: .none, operands: [.v128, .v128], results: [.v128], laneCount: 0, naturalAlignment: 0)
        case .i64x2Eq: return Info(name: "i64x2.eq", immediate: .none, operands: [.v128, .v128], results: [.v128], laneCount: 0, naturalAlignment: 0)
        case .i64x2Ne: return Info(name: "i64x2.ne", immediate: .none, operands: [.v128, .v128], results: [.v128], laneCount: 0, naturalAlignment: 0)
        case .i64x2LtS: return Info(name: "i64x2.lt_s", immediate: .none, operands: [.v128, .v128], results: [.v128], laneCount: 0, naturalAlignment: 0)
        case .i64x2GtS: return Info(name: "i64x2.gt_s", immediate: .none, operands: [.v128, .v128], results: [.v128], laneCount: 0, naturalAlignment: 0)
        case .i64x2LeS: return Info(name: "i64x2.le_s", immediate: .none, operands: [.v128, .v128], results: [.v128], laneCount: 0, naturalAlignment: 0)
        case .i64x2GeS: return Info(name: "i64x2.ge_s", immediate: .none, operands: [.v128, .v128], results: [.v128], laneCount: 0, naturalAlignment: 0)
        case .i64x2ExtmulLowI32x4S: return Info(name: "i64x2.extmul_low_i32x4_s", immediate: .none, operands: [.v128, .v128], results: [.v128], laneCount: 0, naturalAlignment: 0)
        case .i64x2ExtmulHighI32x4S: return Info(name: "i64x2.extmul_high_i32x4_s", immediate: .none, operands: [.v128, .v128], results: [.v128], laneCount: 0, naturalAlignment: 0)
        case .i64x2ExtmulLowI32x4U: return Info(name: "i64x2.extmul_low_i32x4_u", immediate: .none, operands: [.v128, .v128], results: [.v128], laneCount: 0, naturalAlignment: 0)
        case .i64x2ExtmulHighI32x4U: return Info(name: "i64x2.extmul_high_i32x4_u", immediate: .none, operands: [.v128, .v128], results: [.v128], laneCount: 0, naturalAlignment: 0)
        case .f32x4Abs: return Info(name: "f32x4.abs", immediate: .none, operands: [.v128], results: [.v128], laneCount: 0, naturalAlignment: 0)
        case .f32x4Neg: return Info(name: "f32x4.neg", immediate: .none, operands: [.v128], results: [.v128], laneCount: 0, naturalAlignment: 0)
        case .f32x4Sqrt: return Info(name: "f32x4.sqrt", immediate: .none, operands: [.v128], results: [.v128], laneCount: 0, naturalAlignment: 0)
        case .f32x4Add: return Info(name: "f32x4.add", immediate: .none, operands: [.v128, .v128], results: [.v128], laneCount: 0, naturalAlignment: 0)
        case .f32x4Sub: return Info(name: "f32x4.sub", immediate: .none, operands: [.v128, .v128], results: [.v128], laneCount: 0, naturalAlignment: 0)
        case .f32x4Mul: return Info(name: "f32x4.mul", immediate: .none, operands: [.v128, .v128], results: [.v128], laneCount: 0, naturalAlignment: 0)
        case .f32x4Div: return Info(name: "f32x4.div", immediate: .none, operands: [.v128, .v128], results: [.v128], laneCount: 0, naturalAlignment: 0)
        case .f32x4Min: return Info(name: "f32x4.min", immediate: .none, operands: [.v128, .v128], results: [.v128], laneCount: 0, naturalAlignment: 0)
        case .f32x4Max: return Info(name: "f32x4.max", immediate: .none, operands: [.v128, .v128], results: [.v128], laneCount: 0, naturalAlignment: 0)
        case .f32x4Pmin: return Info(name: "f32x4.pmin", immediate: .none, operands: [.v128, .v128], results: [.v128], laneCount: 0, naturalAlignment: 0)
        case .f32x4Pmax: return Info(name: "f32x4.pmax", immediate: .none, operands: [.v128, .v128], results: [.v128], laneCount: 0, naturalAlignment: 0)
        case .f64x2Abs: return Info(name: "f64x2.abs", immediate: .none, operands: [.v128], results: [.v128], laneCount: 0, naturalAlignment: 0)
        case .f64x2Neg: return Info(name: "f64x2.neg", immediate: .none, operands: [.v128], results: [.v128], laneCount: 0, naturalAlignment: 0)
        case .f64x2Sqrt: return Info(name: "f64x2.sqrt", immediate: .none, operands: [.v128], results: [.v128], laneCount: 0, naturalAlignment: 0)
        case .f64x2Add: return Info(name: "f64x2.add", immediate: .none, operands: [.v128, .v128], results: [.v128], laneCount: 0, naturalAlignment: 0)
        case .f64x2Sub: return Info(name: "f64x2.sub", immediate: .none, operands: [.v128, .v128], results: [.v128], laneCount: 0, naturalAlignment: 0)
        case .f64x2Mul: return Info(name: "f64x2.mul", immediate: .none, operands: [.v128, .v128], results: [.v128], laneCount: 0, naturalAlignment: 0)
        case .f64x2Div: return Info(name: "f64x2.div", immediate: .none, operands: [.v128, .v128], results: [.v128], laneCount: 0, naturalAlignment: 0)
        case .f64x2Min: return Info(name: "f64x2.min", immediate: .none, operands: [.v128, .v128], results: [.v128], laneCount: 0, naturalAlignment: 0)
        case .f64x2Max: return Info(name: "f64x2.max", immediate: .none, operands: [.v128, .v128], results: [.v128], laneCount: 0, naturalAlignment: 0)
        case .f64x2Pmin: return Info(name: "f64x2.pmin", immediate: .none, operands: [.v128, .v128], results: [.v128], laneCount: 0, naturalAlignment: 0)
        case .f64x2Pmax: return Info(name: "f64x2.pmax", immediate: .none, operands: [.v128, .v128], results: [.v128], laneCount: 0, naturalAlignment: 0)
        case .i32x4TruncSatF32x4S: return Info(name: "i32x4.trunc_sat_f32x4_s", immediate: .none, operands: [.v128], results: [.v128], laneCount: 0, naturalAlignment: 0)
        case .i32x4TruncSatF32x4U: return Info(name: "i32x4.trunc_sat_f32x4_u", immediate: .none, operands: [.v128], results: [.v128], laneCount: 0, naturalAlignment: 0)
        case .f32x4ConvertI32x4S: return Info(name: "f32x4.convert_i32x4_s", immediate: .none, operands: [.v128], results: [.v128], laneCount: 0, naturalAlignment: 0)
        case .f32x4ConvertI32x4U: return Info(name: "f32x4.convert_i32x4_u", immediate: .none, operands: [.v128], results: [.v128], laneCount: 0, naturalAlignment: 0)
        case .i32x4TruncSatF64x2SZero: return Info(name: "i32x4.trunc_sat_f64x2_s_zero", immediate: .none, operands: [.v128], results: [.v128], laneCount: 0, naturalAlignment: 0)
        case .i32x4TruncSatF64x2UZero: return Info(name: "i32x4.trunc_sat_f64x2_u_zero", immediate: .none, operands: [.v128], results: [.v128], laneCount: 0, naturalAlignment: 0)
        case .f64x2ConvertLowI32x4S: return Info(name: "f64x2.convert_low_i32x4_s", immediate: .none, operands: [.v128], results: [.v128], laneCount: 0, naturalAlignment: 0)
        case .f64x2ConvertLowI32x4U: return Info(name: "f64x2.convert_low_i32x4_u", immediate: .none, operands: [.v128], results: [.v128], laneCount: 0, naturalAlignment: 0)
        case .i8x16RelaxedSwizzle: return Info(name: "i8x16.relaxed_swizzle", immediate: .none, operands: [.v128, .v128], results: [.v128], laneCount: 0, naturalAlignment: 0)
        case .i32x4RelaxedTruncF32x4S: return Info(name: "i32x4.relaxed_trunc_f32x4_s", immediate: .none, operands: [.v128], results: [.v128], laneCount: 0, naturalAlignment: 0)
        case .i32x4RelaxedTruncF32x4U: return Info(name: "i32x4.relaxed_trunc_f32x4_u", immediate: .none, operands: [.v128], results: [.v128], laneCount: 0, naturalAlignment: 0)
        case .i32x4RelaxedTruncF64x2SZero: return Info(name: "i32x4.relaxed_trunc_f64x2_s_zero", immediate: .none, operands: [.v128], results: [.v128], laneCount: 0, naturalAlignment: 0)
        case .i32x4RelaxedTruncF64x2UZero: return Info(name: "i32x4.relaxed_trunc_f64x2_u_zero", immediate: .none, operands: [.v128], results: [.v128], laneCount: 0, naturalAlignment: 0)
        case .f32x4RelaxedMadd: return Info(name: "f32x4.relaxed_madd", immediate: .none, operands: [.v128, .v128, .v128], results: [.v128], laneCount: 0, naturalAlignment: 0)
        case .f32x4RelaxedNmadd: return Info(name: "f32x4.relaxed_nmadd", immediate: .none, operands: [.v128, .v128, .v128], results: [.v128], laneCount: 0, naturalAlignment: 0)
        case .f64x2RelaxedMadd: return Info(name: "f64x2.relaxed_madd", immediate: .none, operands: [.v128, .v128, .v128], results: [.v128], laneCount: 0, naturalAlignment: 0)
        case .f64x2RelaxedNmadd: return Info(name: "f64x2.relaxed_nmadd", immediate: .none, operands: [.v128, .v128, .v128], results: [.v128], laneCount: 0, naturalAlignment: 0)
        case .i8x16RelaxedLaneselect: return Info(name: "i8x16.relaxed_laneselect", immediate: .none, operands: [.v128, .v128, .v128], results: [.v128], laneCount: 0, naturalAlignment: 0)
        case .i16x8RelaxedLaneselect: return Info(name: "i16x8.relaxed_laneselect", immediate: .none, operands: [.v128, .v128, .v128], results: [.v128], laneCount: 0, naturalAlignment: 0)
        case .i32x4RelaxedLaneselect: return Info(name: "i32x4.relaxed_laneselect", immediate: .none, operands: [.v128, .v128, .v128], results: [.v128], laneCount: 0, naturalAlignment: 0)
        case .i64x2RelaxedLaneselect: return Info(name: "i64x2.relaxed_laneselect", immediate: .none, operands: [.v128, .v128, .v128], results: [.v128], laneCount: 0, naturalAlignment: 0)
        case .f32x4RelaxedMin: return Info(name: "f32x4.relaxed_min", immediate: .none, operands: [.v128, .v128], results: [.v128], laneCount: 0, naturalAlignment: 0)
        case .f32x4RelaxedMax: return Info(name: "f32x4.relaxed_max", immediate: .none, operands: [.v128, .v128], results: [.v128], laneCount: 0, naturalAlignment: 0)
        case .f64x2RelaxedMin: return Info(name: "f64x2.relaxed_min", immediate: .none, operands: [.v128, .v128], results: [.v128], laneCount: 0, naturalAlignment: 0)
        case .f64x2RelaxedMax: return Info(name: "f64x2.relaxed_max", immediate: .none, operands: [.v128, .v128], results: [.v128], laneCount: 0, naturalAlignment: 0)
        case .i16x8RelaxedQ15mulrS: return Info(name: "i16x8.relaxed_q15mulr_s", immediate: .none, operands: [.v128, .v128], results: [.v128], laneCount: 0, naturalAlignment: 0)
        case .i16x8RelaxedDotI8x16I7x16S: return Info(name: "i16x8.relaxed_dot_i8x16_i7x16_s", immediate: .none, operands: [.v128, .v128], results: [.v128], laneCount: 0, naturalAlignment: 0)
        case .i32x4RelaxedDotI8x16I7x16AddS: return Info(name: "i32x4.relaxed_dot_i8x16_i7x16_add_s", immediate: .none, operands: [.v128, .v128, .v128], results: [.v128], laneCount: 0, naturalAlignment: 0)
        }
    }
}
