import CapsuleCore
import CapsuleEngine

/// Instantiates a module and calls each exported function once, in export order, with
/// ``ExecutionValues``; then reports every exported global, memory and table. The report lines are
/// the differential runner's protocol (`Fuzz/diff/README.md`):
///
/// An exported global `__fuel` (wasm-smith's termination fuel, exported by the differential script) is
/// set back to its value after instantiation before each call.
///
///     instantiate ok | instantiate trap <kind> | instantiate error
///     call <name> ok <type>:<hex bits> ... | call <name> trap <kind> | call <name> exhausted
///     global <name> <type>:<hex bits>
///     memory <name> <pages> <crc32 hex>
///     table <name> <size> <null mask crc32 hex>
public struct ModuleRunner {
    public var limits: StoreLimits
    /// Fuel given back before each call (nil: the store's limits decide).
    public var fuelPerCall: UInt64?
    /// Receives each exported memory's name and bytes at the end (the differential runner's --dump).
    public var memoryDump: ((String, UnsafeRawBufferPointer) -> Void)?
    /// How many exported functions to call, in export order (nil: all); the rest are not called, and
    /// the globals, memories and tables are reported as usual.
    public var callLimit: Int?
    /// Whether running out of fuel still leaves a state worth comparing (two tiers of Capsule meter
    /// alike, unlike two engines): then each call's fuel left is reported, and the exports' final
    /// state after an exhausted call too.
    public var meteringIsComparable = false

    public init(limits: StoreLimits, fuelPerCall: UInt64? = nil) {
        self.limits = limits
        self.fuelPerCall = fuelPerCall ?? limits.fuel
    }

    /// Small limits for fuzzing: 160 pages (10 MiB), 10,000 table elements, a 512 KiB value stack,
    /// 1,000 nested calls, 100,000 fuel per call.
    public static var fuzzLimits: StoreLimits {
        var limits = StoreLimits()
        limits.maxMemoryPages = 160
        limits.maxTableElements = 10_000
        limits.stackSlots = 1 << 16
        limits.callDepth = 1_000
        limits.fuel = 100_000
        return limits
    }

    /// Runs the module; `report` receives each line.
    public func run(_ module: WasmModule, stubImports: Bool, report: (String) -> Void) {
        let store = Store(limits: limits)
        var imports = Imports()
        if stubImports {
            guard let stubs = try? Self.stubs(for: module, in: store) else {
                report("instantiate error")
                return
            }
            imports = stubs
        }
        let instance: Instance
        do {
            instance = try store.instantiate(module, imports: imports)
            report("instantiate ok")
        } catch let trap as Trap {
            report("instantiate trap \(Self.kind(trap.kind))")
            return
        } catch {
            report("instantiate error")
            return
        }
        // wasm-smith's termination fuel, exported by the differential script: refilled before each
        // call, so that one call running out does not leave the later ones trapping at once.
        let fuel = instance.global("__fuel")
        let fuelStart = fuel?.value
        var ordinal = 0
        calls: for (name, value) in instance.exports {
            guard case .function(let function) = value else { continue }
            if let callLimit, ordinal >= callLimit { break }
            if let fuel, let fuelStart { try? fuel.set(fuelStart) }
            defer { ordinal += 1 }
            // A non-nullable reference parameter gets no argument: the call is skipped (so in the script).
            if function.type.params.contains(where: { $0.isReference && !$0.isNullable }) {
                report("call \(Self.quoted(name)) skipped")
                continue
            }
            let arguments = function.type.params.enumerated().map {
                ExecutionValues.argument($0.element, ordinal: ordinal, position: $0.offset)
            }
            if let fuelPerCall { store.fuel = fuelPerCall }
            do {
                let results = try function.call(arguments)
                report("call \(Self.quoted(name)) ok" + results.map { " " + Self.bits($0) }.joined())
                if meteringIsComparable, let left = store.fuel { report("fuel \(left)") }
            } catch let trap as Trap {
                if trap.kind == .outOfFuel || trap.kind == .callStackExhausted {
                    // Resource limits differ between engines: the state after this is not comparable.
                    report("call \(Self.quoted(name)) exhausted")
                    if meteringIsComparable && trap.kind == .outOfFuel { break calls }
                    return
                }
                report("call \(Self.quoted(name)) trap \(Self.kind(trap.kind))")
            } catch is WasmException {
                // An uncaught Wasm exception: compared as such (the payload is not observable in wasmtime's API).
                report("call \(Self.quoted(name)) exception")
            } catch {
                report("call \(Self.quoted(name)) error")
                return
            }
        }
        for (name, value) in instance.exports {
            switch value {
            case .global(let global):
                report("global \(Self.quoted(name)) \(Self.bits(global.value))")
            case .memory(let memory):
                let crc = memory.withUnsafeBytes { CRC32.checksum(UnsafeRawBufferPointer($0)) }
                if let memoryDump { memory.withUnsafeBytes { memoryDump(name, UnsafeRawBufferPointer($0)) } }
                report("memory \(Self.quoted(name)) \(memory.pageCount) \(hex(UInt64(crc), digits: 8))")
            case .table(let table):
                var mask = [UInt8](repeating: 0, count: table.count)
                for i in 0..<table.count {
                    switch table.element(at: i) {
                    case .funcref(nil)?, .externref(nil)?, .exnref(nil)?, .anyref(nil)?, nil: mask[i] = 0
                    default: mask[i] = 1
                    }
                }
                let crc = mask.withUnsafeBytes { CRC32.checksum($0) }
                report("table \(Self.quoted(name)) \(table.count) \(hex(UInt64(crc), digits: 8))")
            case .function, .tag:
                break
            }
        }
    }

    /// Imports of the module's types with no behaviour: functions return zeros, memories, tables and
    /// globals are fresh.
    static func stubs(for module: WasmModule, in store: Store) throws -> Imports {
        var imports = Imports()
        let m = module.module
        for entry in m.imports {
            let value: ExternalValue
            switch entry.descriptor {
            case .function(let typeIndex):
                let type = Int(typeIndex) < m.types.count ? m.types[Int(typeIndex)] : FuncType(params: [], results: [])
                value = .function(Function(store: store, type: type) { _, _ in type.results.map(Value.zero) })
            case .table(let type):
                value = .table(try Table(store: store, type: type))
            case .memory(let type):
                value = .memory(try Memory(store: store, type: type))
            case .global(let type):
                value = .global(try Global(store: store, type: type, value: Value.zero(type.valueType)))
            case .tag(let typeIndex):
                let type = Int(typeIndex) < m.types.count ? m.types[Int(typeIndex)] : FuncType(params: [], results: [])
                value = .tag(Tag(store: store, parameters: type.params))
            }
            imports.define(module: entry.module, name: entry.name, value)
        }
        return imports
    }

    /// A trap kind as the differential protocol names it (wasmtime's names differ; see the script).
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
        case .nullExceptionReference, .nullFunctionReference, .nullReference, .nullStructureReference, .nullArrayReference, .nullI31Reference:
            return "nullref"
        case .castFailure: return "cast"
        case .outOfBoundsArrayAccess: return "array"
        case .allocationFailure: return "allocation"
        case .outOfFuel: return "fuel"
        case .interrupted: return "interrupted"
        case .host: return "host"
        }
    }

    static func bits(_ value: Value) -> String {
        switch value {
        case .i32(let v): return "i32:" + hex(UInt64(v), digits: 8)
        case .i64(let v): return "i64:" + hex(v, digits: 16)
        case .f32(let v): return "f32:" + hex(UInt64(v), digits: 8)
        case .f64(let v): return "f64:" + hex(v, digits: 16)
        case .v128(let v): return "v128:" + hex(v.hi, digits: 16) + hex(v.lo, digits: 16)
        case .funcref(let f): return f == nil ? "funcref:null" : "funcref:nonnull"
        case .externref(let e): return e == nil ? "externref:null" : "externref:nonnull"
        case .exnref(let e): return e == nil ? "exnref:null" : "exnref:nonnull"
        case .anyref(let a): return a == nil ? "anyref:null" : "anyref:nonnull"
        }
    }

    /// Export names may hold any Unicode: quote them as hex of their UTF-8.
    public static func quoted(_ name: String) -> String {
        name.utf8.isEmpty ? "-" : name.utf8.map { hex(UInt64($0), digits: 2) }.joined()
    }
}

func hex(_ value: UInt64, digits: Int) -> String {
    let s = String(value, radix: 16)
    return String(repeating: "0", count: max(0, digits - s.count)) + s
}
