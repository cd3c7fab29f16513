import CapsuleBinary
import CapsuleCore
import CapsuleText
import CapsuleValidation
import Testing

/// `WasmFeatures`: a module that uses a 3.0 feature decodes and validates by default and is rejected,
/// with WebAssembly 2.0's message, under `.wasm2`.
@Suite struct FeatureSetTests {
    /// The decode error of `wat` under `features`, or nil when it decodes.
    func decodeError(_ wat: String, _ features: WasmFeatures) throws -> String? {
        let bytes = try TextFormat.wasm(fromWAT: wat)
        do {
            _ = try Module(decoding: bytes, features: features)
            return nil
        } catch {
            return error.message
        }
    }

    /// The validation error of `wat` under `features` (nil when valid); a decode error fails the test.
    func validationError(_ wat: String, _ features: WasmFeatures) throws -> String? {
        let module = try Module(decoding: try TextFormat.wasm(fromWAT: wat), features: features)
        do {
            _ = try module.validate()
            return nil
        } catch {
            return error.message
        }
    }

    @Test func versionNames() {
        #expect(WasmFeatures(version: "2.0") == .wasm2)
        #expect(WasmFeatures(version: "3.0") == .wasm3)
        #expect(WasmFeatures(version: "1.0") == nil)
        #expect(WasmFeatures.wasm3.contains([.tailCall, .exceptions, .memory64, .multiMemory, .extendedConst, .relaxedSIMD]))
        #expect(WasmFeatures([.tailCall, .memory64]).description == "tail-call,memory64")
    }

    @Test func tailCallsAreIllegalOpcodesIn2() throws {
        let wat = "(module (func $f (return_call $f)))"
        #expect(try decodeError(wat, .wasm3) == nil)
        #expect(try decodeError(wat, .wasm2) == "illegal opcode 12")
    }

    @Test func tagsAndThrowAreMalformedIn2() throws {
        let wat = "(module (tag $t) (func (throw $t)))"
        #expect(try decodeError(wat, .wasm3) == nil)
        #expect(try decodeError(wat, .wasm2) == "malformed section id")
    }

    @Test func relaxedSIMDIsIllegalIn2() throws {
        let wat = "(module (func (param v128 v128) (result v128) (i8x16.relaxed_swizzle (local.get 0) (local.get 1))))"
        #expect(try decodeError(wat, .wasm3) == nil)
        #expect(try decodeError(wat, .wasm2) == "illegal opcode fd 100")
    }

    @Test func memory64LimitsAreMalformedIn2() throws {
        let wat = "(module (memory i64 1))"
        #expect(try decodeError(wat, .wasm3) == nil)
        #expect(try decodeError(wat, .wasm2) == "integer too large")
    }

    @Test func memoryIndicesAreReservedBytesIn2() throws {
        let wat = "(module (memory 1) (memory 1) (func (result i32) (memory.size 1)))"
        #expect(try decodeError(wat, .wasm3) == nil)
        #expect(try decodeError(wat, .wasm2) == "zero byte expected")
    }

    @Test func twoMemoriesAreInvalidIn2() throws {
        let wat = "(module (memory 1) (memory 1))"
        #expect(try validationError(wat, .wasm3) == nil)
        #expect(try validationError(wat, .wasm2) == "multiple memories")
    }

    @Test func extendedConstantsAreNotConstantIn2() throws {
        let arithmetic = "(module (global i32 (i32.add (i32.const 1) (i32.const 2))))"
        #expect(try validationError(arithmetic, .wasm3) == nil)
        #expect(try validationError(arithmetic, .wasm2) == "constant expression required")
        let definedGlobal = "(module (global i32 (i32.const 1)) (global i32 (global.get 0)))"
        #expect(try validationError(definedGlobal, .wasm3) == nil)
        #expect(try validationError(definedGlobal, .wasm2)?.hasPrefix("unknown global") == true)
    }
}
