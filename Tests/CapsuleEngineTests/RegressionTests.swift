import CapsuleBinary
import CapsuleCore
import CapsuleText
import CapsuleValidation
import Foundation
import Testing

@testable import CapsuleEngine

/// Every crash or mismatch that fuzzing or differential execution found (Fuzz/README.md), as a
/// module in `Tests/Fixtures/regressions/NAME.wasm` (or `.wat`) with its expected outcome in
/// `NAME.expect`: `#` comment lines saying what it caught and how it was decided, then the outcome in
/// the differential runner's protocol (Fuzz/diff/README.md): `malformed` or `invalid`, or
/// `instantiate ok|trap KIND|error`, a `call NAME ...` line per exported function, and the final
/// exported globals, memories and tables. Names are the hex of their UTF-8 bytes.
@Suite struct RegressionTests {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/regressions")

    static let cases: [String] = ((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? [])
        .filter { $0.hasSuffix(".wasm") || $0.hasSuffix(".wat") }
        .sorted()

    @Test func corpusIsPresent() {
        #expect(!Self.cases.isEmpty)
    }

    @Test(arguments: cases) func regression(_ file: String) throws {
        let url = Self.directory.appendingPathComponent(file)
        let base = url.deletingPathExtension()
        let expectation = try String(contentsOf: base.appendingPathExtension("expect"), encoding: .utf8)
        let expected = expectation.split(separator: "\n").map(String.init)
            .filter { !$0.hasPrefix("#") && !$0.trimmingCharacters(in: .whitespaces).isEmpty }
        let bytes: [UInt8]
        if file.hasSuffix(".wat") {
            bytes = try TextFormat.wasm(fromWAT: String(contentsOf: url, encoding: .utf8))
        } else {
            bytes = Array(try Data(contentsOf: url))
        }
        #expect(RegressionRunner.outcome(bytes) == expected)
    }
}

/// The differential protocol's Capsule side (as Fuzz/Sources/FuzzSupport/ModuleRunner.swift, with the
/// limits of capsule-diff and its fixed arguments).
enum RegressionRunner {
    static func outcome(_ bytes: [UInt8]) -> [String] {
        let module: WasmModule
        do {
            module = try WasmModule(bytes: bytes)
        } catch {
            switch error {
            case .malformed: return ["malformed"]
            case .invalid: return ["invalid"]
            }
        }
        var limits = StoreLimits()
        limits.maxMemoryPages = 64
        limits.maxTableElements = 10_000
        limits.fuel = 50_000_000
        let store = Store(limits: limits)
        var lines: [String] = []
        let instance: Instance
        do {
            instance = try store.instantiate(module)
            lines.append("instantiate ok")
        } catch let trap as Trap {
            return ["instantiate trap \(kind(trap.kind))"]
        } catch {
            return ["instantiate error"]
        }
        var ordinal = 0
        for (name, value) in instance.exports {
            guard case .function(let function) = value else { continue }
            defer { ordinal += 1 }
            let arguments = function.type.params.enumerated().map { argument($0.element, ordinal: ordinal, position: $0.offset) }
            store.fuel = 50_000_000
            do {
                let results = try function.call(arguments)
                lines.append("call \(quoted(name)) ok" + results.map { " " + bits($0) }.joined())
            } catch let trap as Trap {
                if trap.kind == .outOfFuel || trap.kind == .callStackExhausted {
                    lines.append("call \(quoted(name)) exhausted")
                    return lines
                }
                lines.append("call \(quoted(name)) trap \(kind(trap.kind))")
            } catch {
                lines.append("call \(quoted(name)) error")
                return lines
            }
        }
        for (name, value) in instance.exports {
            switch value {
            case .global(let global):
                lines.append("global \(quoted(name)) \(bits(global.value))")
            case .memory(let memory):
                let crc = memory.withUnsafeBytes { crc32(UnsafeRawBufferPointer($0)) }
                lines.append("memory \(quoted(name)) \(memory.pageCount) \(hex(UInt64(crc), 8))")
            case .table(let table):
                let mask = (0..<table.count).map { i -> UInt8 in
                    switch table.element(at: i) {
                    case .funcref(nil)?, .externref(nil)?, nil: return 0
                    default: return 1
                    }
                }
                lines.append("table \(quoted(name)) \(table.count) \(hex(UInt64(mask.withUnsafeBytes { crc32($0) }), 8))")
            case .function, .tag:
                break
            }
        }
        return lines
    }

    static func argument(_ type: ValueType, ordinal: Int, position: Int) -> Value {
        let i32s: [UInt32] = [0, 1, 0xffff_ffff, 0x8000_0000, 0x7fff_ffff, 42, 0x1_0000, 7]
        let i64s: [UInt64] = [0, 1, ~0, 0x8000_0000_0000_0000, 0x7fff_ffff_ffff_ffff, 42, 0x1_0000_0000, 7]
        let f32s: [UInt32] = [0, 0x3f80_0000, 0xbfc0_0000, 0x7fc0_0000, 0x7f80_0000, 0x8000_0000, 0x7f7f_ffff, 1]
        let f64s: [UInt64] = [
            0, 0x3ff0_0000_0000_0000, 0xbff8_0000_0000_0000, 0x7ff8_0000_0000_0000, 0x7ff0_0000_0000_0000,
            0x8000_0000_0000_0000, 0x7fef_ffff_ffff_ffff, 1,
        ]
        let k = (ordinal * 3 + position) & 7
        switch type {
        case .i32: return .i32(i32s[k])
        case .i64: return .i64(i64s[k])
        case .f32: return .f32(f32s[k])
        case .f64: return .f64(f64s[k])
        case .v128: return .v128(V128(lo: i64s[k], hi: i64s[(k + 3) & 7]))
        case .externref: return .externref(nil)
        case .exnref: return .exnref(nil)
        default: return .funcref(nil)
        }
    }

    static func kind(_ kind: TrapKind) -> String {
        switch kind {
        case .unreachable: return "unreachable"
        case .integerDivideByZero: return "div0"
        case .integerOverflow: return "overflow"
        case .invalidConversionToInteger: return "conversion"
        case .outOfBoundsMemoryAccess, .outOfBoundsDataSegmentAccess: return "memory"
        case .outOfBoundsTableAccess, .undefinedElement, .outOfBoundsElementSegmentAccess: return "table"
        case .uninitializedElement: return "null"
        case .indirectCallTypeMismatch: return "signature"
        case .callStackExhausted: return "stack"
        case .nullExceptionReference: return "exception"
        case .outOfFuel: return "fuel"
        case .interrupted: return "interrupted"
        case .nullFunctionReference, .nullReference, .nullStructureReference, .nullArrayReference, .nullI31Reference: return "null"
        case .castFailure: return "cast"
        case .outOfBoundsArrayAccess: return "array"
        case .allocationFailure: return "allocation"
        case .host: return "host"
        }
    }

    static func bits(_ value: Value) -> String {
        switch value {
        case .i32(let v): return "i32:" + hex(UInt64(v), 8)
        case .i64(let v): return "i64:" + hex(v, 16)
        case .f32(let v): return "f32:" + hex(UInt64(v), 8)
        case .f64(let v): return "f64:" + hex(v, 16)
        case .v128(let v): return "v128:" + hex(v.hi, 16) + hex(v.lo, 16)
        case .funcref(let f): return f == nil ? "funcref:null" : "funcref:nonnull"
        case .externref(let e): return e == nil ? "externref:null" : "externref:nonnull"
        case .exnref(let e): return e == nil ? "exnref:null" : "exnref:nonnull"
        case .anyref(let a): return a == nil ? "anyref:null" : "anyref:nonnull"
        }
    }

    static func quoted(_ name: String) -> String {
        name.utf8.isEmpty ? "-" : name.utf8.map { hex(UInt64($0), 2) }.joined()
    }

    static func hex(_ value: UInt64, _ digits: Int) -> String {
        let s = String(value, radix: 16)
        return String(repeating: "0", count: max(0, digits - s.count)) + s
    }

    static func crc32(_ bytes: UnsafeRawBufferPointer) -> UInt32 {
        var crc: UInt32 = 0xffff_ffff
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 != 0 ? 0xedb8_8320 ^ (crc >> 1) : crc >> 1 }
        }
        return crc ^ 0xffff_ffff
    }
}
