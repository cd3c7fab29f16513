import CapsuleBinary
import CapsuleCore
import CapsuleValidation
import Testing

/// The validator never traps on odd input: mutated binaries and module values no decoder would make.
@Suite struct RobustnessTests {
    /// A small deterministic generator (SplitMix64), so failures reproduce.
    struct SplitMix: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    static let seedModule = """
        (module
          (type $pair (func (param i32) (result i32 i32)))
          (import "m" "g" (global $imported i32))
          (import "m" "t" (table $imported-table 1 funcref))
          (memory 1 2)
          (table $t 2 externref)
          (global $g (mut i64) (i64.const 5))
          (func $f (export "f") (param i32 i64) (result i32) (local f32 v128)
            (block $b (result i32)
              (loop $l (param) (result)
                local.get 0 i32.eqz br_if $l)
              local.get 0 (block (type $pair) (param i32) (result i32 i32) i32.const 2) i32.add
              local.get 0 br_table $b $b)
            i32.const 0 i32.load offset=4 align=4 drop
            i32.const 0 v128.load align=16 v128.const i32x4 1 2 3 4 i32x4.add local.set 3
            local.get 3 i8x16.extract_lane_s 3 drop
            global.get $g i64.const 1 i64.add global.set $g
            i32.const 0 ref.null extern table.set $t
            (ref.func $f) drop
            i32.const 0 i32.const 0 i32.const 0 memory.copy
            i32.const 1 i32.const 2 i32.const 0 select
            i32.const 0 call_indirect $imported-table (type $pair) drop drop drop
            (if (result i32) (i32.const 1) (then i32.const 1) (else i32.const 2)))
          (elem declare func $f)
          (data (i32.const 0) "abc"))
        """

    @Test func mutatedModulesNeverTrap() throws {
        let original = try Fixture.module(Self.seedModule)
        #expect(Fixture.validationError(original) == nil)
        var generator = SplitMix(state: 0xC0FFEE)
        var decoded = 0
        var rejected = 0
        for _ in 0..<4000 {
            var bytes = original.bytes
            for _ in 0..<Int.random(in: 1...3, using: &generator) {
                let position = Int.random(in: 8..<bytes.count, using: &generator)
                bytes[position] = UInt8.random(in: 0...255, using: &generator)
            }
            guard let module = try? Module(decoding: bytes) else { continue }
            decoded += 1
            if let error = Fixture.validationError(module) {
                rejected += 1
                #expect(!error.message.isEmpty)
                #expect(error.offset >= 0 && error.offset <= bytes.count, "offset \(error.offset) outside the module")
            }
        }
        #expect(decoded > 100)
        #expect(rejected > 0)
    }

    @Test func moduleValuesNoDecoderWouldMake() {
        var module = Module()
        module.types = [FuncType(params: [], results: [])]
        module.functions = [0, 0]
        module.codes = [FunctionBody(locals: [], range: 0..<0)]
        #expect(Fixture.validationError(module)?.message.hasPrefix("function and code section") == true)

        module.codes = [FunctionBody(locals: [], range: 0..<0), FunctionBody(locals: [], range: 5..<90)]
        #expect(Fixture.validationError(module) != nil)

        var table = Module()
        table.tables = [TableType(elementType: .i32, limits: Limits(min: 0))]
        #expect(Fixture.validationError(table) != nil)

        var element = Module()
        element.elements = [ElementSegment(type: .f64, mode: .passive, initializers: [], offset: 0)]
        #expect(Fixture.validationError(element) != nil)

        var global = Module()
        global.globals = [Global(type: GlobalType(valueType: .i32, isMutable: false), initializer: ConstExpr(instructions: [.block(.empty), .end], offset: 3))]
        #expect(Fixture.validationError(global)?.message == "constant expression required")
        #expect(Fixture.validationError(global)?.offset == 3)

        var exports = Module()
        exports.exports = [Export(name: "x", descriptor: .function(UInt32.max))]
        #expect(Fixture.validationError(exports)?.message.hasPrefix("unknown function") == true)

        var start = Module()
        start.start = UInt32.max
        #expect(Fixture.validationError(start)?.message.hasPrefix("unknown function") == true)
    }

    @Test func deepNestingAndTallStacks() {
        // 10,000 nested blocks, then 10,000 constants dropped one by one: the stacks grow past their first capacity.
        let depth = 10_000
        var code: [UInt8] = []
        code += Array(repeating: [0x02, 0x40], count: depth).flatMap { $0 }
        code += Array(repeating: [0x0B], count: depth).flatMap { $0 }
        code += Array(repeating: [0x41, 0x00], count: depth).flatMap { $0 }
        code += Array(repeating: [0x1A], count: depth).flatMap { $0 }
        code.append(0x0B)
        var module = HandBuiltModuleTests.module(type: FuncType(params: [], results: []), body: code)
        let validated = try? module.validate()
        #expect(validated?.functionFacts.first?.maxControlDepth == depth + 1)
        #expect(validated?.functionFacts.first?.maxOperandStackHeight == depth)
        module.bytes[module.bytes.count - 2] = 0x01 // the last drop becomes nop: one value is left over
        #expect(Fixture.validationError(module)?.message.hasPrefix("type mismatch") == true)
    }
}
