import CapsuleComponent
import CapsuleEngine

/// The component decoder, validator and WIT printer on arbitrary bytes, and instantiation of what
/// validates (every import a trapping stub, fuel bounding any core start function). Anything may
/// be refused; nothing may crash.
public enum ComponentTarget {
    public static func run(_ data: UnsafeRawBufferPointer) {
        // The preamble is given, so the fuzzer spends its time on sections.
        let bytes: [UInt8] = [0x00, 0x61, 0x73, 0x6D, 0x0D, 0x00, 0x01, 0x00] + Array(data)
        guard let component = try? Component(decoding: bytes), let validated = try? component.validate() else { return }
        _ = validated.worldWIT()
        var imports: [String: HostItem] = [:]
        for entry in validated.imports { imports[entry.name] = stub(entry.info) }
        var limits = StoreLimits()
        limits.fuel = 100_000
        limits.maxMemoryPages = 64
        _ = try? validated.instantiate(in: Store(limits: limits), imports: imports)
    }

    static func stub(_ info: ExternInfo) -> HostItem {
        switch info {
        case .instance(let instance):
            var items: [String: HostItem] = [:]
            for export in instance.exports { items[export.name] = stub(export.info) }
            return .instance(items)
        case .type: return .type
        default: return .function { _ in throw ComponentCallError("stub") }
        }
    }
}
