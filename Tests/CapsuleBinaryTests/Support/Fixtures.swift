import CapsuleText

/// Text modules used by several decoder tests, encoded with CapsuleText.
enum Fixtures {
    static func bytes(_ wat: String) throws -> [UInt8] {
        try TextFormat.wasm(fromWAT: wat)
    }

    /// Imports of every kind, tables, memory, globals, element segments of several encodings, active
    /// and passive data, structured control, bulk memory and table instructions, and a start function.
    static let kitchenSink = """
    (module $sink
      (type $binop (func (param i32 i32) (result i32)))
      (import "env" "f" (func $imported (param i32)))
      (import "env" "t" (table 1 funcref))
      (import "env" "g" (global $g0 i32))
      (import "env" "gm" (global $gm (mut i64)))
      (table $t1 10 20 funcref)
      (table $t2 5 externref)
      (memory (export "mem") 1 2)
      (global $counter (mut i32) (i32.const 0))
      (global $ref funcref (ref.func $add))
      (func $add (export "add") (type $binop) (local $tmp i64)
        local.get 0
        local.get 1
        i32.add)
      (func $control (param $n i32) (result i32)
        (local $acc i32)
        (block $exit
          (loop $top
            (br_if $exit (i32.eqz (local.get $n)))
            (local.set $acc (i32.add (local.get $acc) (local.get $n)))
            (local.set $n (i32.sub (local.get $n) (i32.const 1)))
            (br $top)))
        (if (result i32) (local.get $acc)
          (then (local.get $acc))
          (else (i32.const -1))))
      (func $switch (param i32) (result i32)
        (block (block (block (br_table 0 1 2 (local.get 0))) (return (i32.const 1))) (return (i32.const 2)))
        i32.const 3)
      (func $memory (param i32)
        (i32.store offset=4 align=2 (local.get 0) (i32.load8_u (local.get 0)))
        (i64.store32 (local.get 0) (i64.load16_s offset=65536 (local.get 0)))
        (memory.init $d1 (i32.const 0) (i32.const 0) (i32.const 2))
        (data.drop $d1)
        (memory.copy (i32.const 0) (i32.const 8) (i32.const 4))
        (memory.fill (i32.const 0) (i32.const 0) (i32.const 4))
        (drop (memory.grow (memory.size)))
        (drop (f64.const 1.5))
        (drop (i64.const -99999999999))
        (drop (f32.const nan:0x200000))
        (global.set $counter (i32.add (global.get $counter) (global.get $g0)))
        (call $imported (local.tee 0 (i32.const 5))))
      (func $tables
        (table.init $t1 $passive (i32.const 0) (i32.const 0) (i32.const 1))
        (elem.drop $passive)
        (table.copy $t1 $t1 (i32.const 0) (i32.const 1) (i32.const 1))
        (drop (table.grow $t2 (ref.null extern) (i32.const 1)))
        (drop (table.size $t1))
        (table.fill $t2 (i32.const 0) (ref.null extern) (i32.const 1))
        (table.set $t2 (i32.const 0) (table.get $t2 (i32.const 1)))
        (drop (ref.is_null (ref.func $add)))
        (drop (call_indirect $t1 (type $binop) (i32.const 1) (i32.const 2) (i32.const 0)))
        (drop (select (result i32) (i32.const 1) (i32.const 2) (i32.const 0)))
        (drop (select (i32.const 1) (i32.const 2) (i32.const 0)))
        (drop (i32.trunc_sat_f32_s (f32.const 1)))
        (drop (i64.trunc_sat_f64_u (f64.const 1)))
        nop
        unreachable)
      (func $init)
      (start $init)
      (elem (i32.const 0) $add $control)
      (elem $passive func $add)
      (elem (table $t1) (i32.const 2) func $switch)
      (elem declare func $memory)
      (elem (table $t1) (i32.const 3) funcref (ref.func $add) (ref.null func))
      (elem $pe externref (ref.null extern))
      (data (i32.const 16) "hello")
      (data $d1 "passive"))
    """

    /// SIMD loads, stores, constants, shuffles, lanes and arithmetic.
    static let simd = """
    (module
      (memory 1)
      (func (export "simd") (param $p i32) (param $v v128) (result v128)
        (v128.store offset=16 (local.get $p) (v128.load align=4 (local.get $p)))
        (drop (v128.load8x8_s (local.get $p)))
        (drop (v128.load32_zero (local.get $p)))
        (drop (v128.load64_splat (local.get $p)))
        (drop (v128.load16_lane 3 (local.get $p) (local.get $v)))
        (v128.store64_lane offset=8 1 (local.get $p) (local.get $v))
        (drop (i8x16.shuffle 0 17 2 19 4 21 6 23 8 25 10 27 12 29 14 31 (local.get $v) (local.get $v)))
        (drop (i8x16.swizzle (local.get $v) (v128.const i8x16 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15)))
        (drop (i32x4.extract_lane 3 (local.get $v)))
        (drop (f64x2.replace_lane 1 (local.get $v) (f64.const 2.5)))
        (drop (i16x8.splat (i32.const 7)))
        (drop (v128.any_true (local.get $v)))
        (drop (i8x16.bitmask (local.get $v)))
        (drop (i32x4.dot_i16x8_s (local.get $v) (local.get $v)))
        (drop (i64x2.extmul_high_i32x4_u (local.get $v) (local.get $v)))
        (drop (f32x4.demote_f64x2_zero (local.get $v)))
        (drop (i32x4.trunc_sat_f64x2_u_zero (local.get $v)))
        (drop (i16x8.q15mulr_sat_s (local.get $v) (local.get $v)))
        (drop (v128.bitselect (local.get $v) (local.get $v) (local.get $v)))
        (i64x2.shl (f64x2.pmax (local.get $v) (v128.const f64x2 1.0 -0.0)) (i32.const 3))))
    """

    /// Named functions and locals (for the name section).
    static let named = """
    (module $demo
      (func $first (param $a i32) (param $b i32) (local $sum i32)
        (local.set $sum (i32.add (local.get $a) (local.get $b))))
      (func $second (result i32) (i32.const 0)))
    """
}
