import CapsuleBinary
@testable import CapsuleComponent
import CapsuleCore
import CapsuleEngine
import Foundation
import Testing

/// The component model's own tests (WebAssembly/component-model `test/`), converted by
/// `python3 Scripts/component-suite.py --emit Vendor/component-json` (needs wasm-tools). Each script's
/// components are instantiated and its `assert_return` and `assert_trap` commands run; the scripts that
/// use features Capsule does not implement are listed with the reason in
/// `Fixtures/component-suite-skips.txt`. Without the folder the test is skipped.
@Suite struct ComponentSuiteTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Vendor/component-json")
    static let present = FileManager.default.fileExists(atPath: folder.path)

    static let skips: [String: String] = {
        guard let url = Bundle.module.url(forResource: "Fixtures/component-suite-skips.txt", withExtension: nil),
            let text = try? String(contentsOf: url, encoding: .utf8)
        else { return [:] }
        var skips: [String: String] = [:]
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            let parts = line.split(separator: " ", maxSplits: 1)
            if let name = parts.first { skips[String(name)] = parts.count > 1 ? String(parts[1]) : "" }
        }
        return skips
    }()

    static let scripts: [String] = {
        guard present, let names = try? FileManager.default.contentsOfDirectory(atPath: folder.path) else { return [] }
        return names.filter { skips[$0] == nil }.sorted()
    }()

    @Test("Each component-model script passes", .enabled(if: present, "Vendor/component-json not present"), arguments: scripts)
    func script(_ name: String) throws {
        let directory = Self.folder.appendingPathComponent(name)
        let data = try Data(contentsOf: directory.appendingPathComponent("test.json"))
        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let commands = try #require(json["commands"] as? [[String: Any]])
        var definitions: [String: ValidatedComponent] = [:]
        var instances: [String: ComponentInstance] = [:]
        var current: ComponentInstance?
        func load(_ command: [String: Any]) throws -> ValidatedComponent {
            let file = try #require(command["filename"] as? String)
            return try Component(decoding: [UInt8](Data(contentsOf: directory.appendingPathComponent(file)))).validate()
        }
        for command in commands {
            let line = command["line"] as? Int ?? 0
            switch command["type"] as? String {
            case "module":
                guard (command["filename"] as? String)?.hasSuffix(".wasm") == true else { continue }
                do {
                    let instance = try load(command).instantiate(in: Store())
                    current = instance
                    if let name = command["name"] as? String { instances[name] = instance }
                } catch {
                    Issue.record("\(name):\(line): module failed: \(error)")
                    current = nil
                }
            case "module_definition":
                guard (command["filename"] as? String)?.hasSuffix(".wasm") == true else { continue }
                do {
                    definitions[command["name"] as? String ?? ""] = try load(command)
                } catch {
                    Issue.record("\(name):\(line): module definition failed: \(error)")
                }
            case "module_instance":
                guard let definition = definitions[command["module"] as? String ?? ""] else { continue }
                do {
                    let instance = try definition.instantiate(in: Store())
                    current = instance
                    if let instanceName = command["instance"] as? String { instances[instanceName] = instance }
                } catch {
                    Issue.record("\(name):\(line): instantiation failed: \(error)")
                    current = nil
                }
            case "assert_return", "action":
                let action = command["action"] as? [String: Any] ?? [:]
                let instance = (action["module"] as? String).flatMap { instances[$0] } ?? current
                guard let instance, let function = instance.function(action["field"] as? String ?? "") else {
                    Issue.record("\(name):\(line): no function \(action["field"] ?? "")")
                    continue
                }
                do {
                    let arguments = try (action["args"] as? [[String: Any]] ?? []).map { try Self.value($0) }
                    let result = try function.call(arguments)
                    if command["type"] as? String == "action" { continue }
                    let expected = try (command["expected"] as? [[String: Any]] ?? []).map { try Self.value($0) }
                    #expect(expected == (result.map { [$0] } ?? []), "\(name):\(line): \(String(describing: result)) != \(expected)")
                } catch {
                    Issue.record("\(name):\(line): call failed: \(error)")
                }
            case "assert_trap":
                let action = command["action"] as? [String: Any] ?? [:]
                let instance = (action["module"] as? String).flatMap { instances[$0] } ?? current
                guard let instance, let function = instance.function(action["field"] as? String ?? "") else {
                    Issue.record("\(name):\(line): no function \(action["field"] ?? "")")
                    continue
                }
                let arguments = try (action["args"] as? [[String: Any]] ?? []).map { try Self.value($0) }
                #expect(throws: (any Error).self, "\(name):\(line): expected a trap: \(command["text"] ?? "")") {
                    _ = try function.call(arguments)
                }
            case "assert_invalid", "assert_malformed":
                guard (command["filename"] as? String)?.hasSuffix(".wasm") == true else { continue }
                #expect(throws: (any Error).self, "\(name):\(line): should be refused: \(command["text"] ?? "")") { _ = try load(command) }
            default:
                continue
            }
        }
    }

    struct BadValue: Error { var json: String }

    /// A value in wasm-tools' JSON form (`{"type": "u32", "value": "42"}`).
    static func value(_ json: [String: Any]) throws -> ComponentValue {
        let type = json["type"] as? String ?? ""
        let raw = json["value"]
        func text() throws -> String {
            guard let text = raw as? String else { throw BadValue(json: "\(json)") }
            return text
        }
        func number<T: FixedWidthInteger>(_: T.Type) throws -> T {
            guard let value = T(try text()) else { throw BadValue(json: "\(json)") }
            return value
        }
        switch type {
        case "bool": return .bool(raw as? Bool ?? false)
        case "u8": return .u8(try number(UInt8.self))
        case "s8": return .s8(try number(Int8.self))
        case "u16": return .u16(try number(UInt16.self))
        case "s16": return .s16(try number(Int16.self))
        case "u32": return .u32(try number(UInt32.self))
        case "s32": return .s32(try number(Int32.self))
        case "u64": return .u64(try number(UInt64.self))
        case "s64": return .s64(try number(Int64.self))
        case "f32":
            let t = try text()
            if let bits = UInt32(t) { return .f32(Float(bitPattern: bits)) }
            return .f32(t.hasPrefix("nan") ? .nan : Float(t) ?? 0)
        case "f64":
            let t = try text()
            if let bits = UInt64(t) { return .f64(Double(bitPattern: bits)) }
            return .f64(t.hasPrefix("nan") ? .nan : Double(t) ?? 0)
        case "char":
            guard let scalar = try text().unicodeScalars.first else { throw BadValue(json: "\(json)") }
            return .char(scalar)
        case "string": return .string(try text())
        case "list": return .list(try (raw as? [[String: Any]] ?? []).map(value))
        case "tuple": return .tuple(try (raw as? [[String: Any]] ?? []).map(value))
        case "record":
            return .record(try (raw as? [[Any]] ?? []).map { pair in
                guard pair.count == 2, let name = pair[0] as? String, let field = pair[1] as? [String: Any] else { throw BadValue(json: "\(json)") }
                return (name, try value(field))
            })
        case "variant":
            let body = raw as? [String: Any] ?? [:]
            return .variant(body["case"] as? String ?? "", try (body["payload"] as? [String: Any]).map(value))
        case "enum": return .enum(try text())
        case "flags": return .flags(Set(raw as? [String] ?? []))
        case "option": return .option(try (raw as? [String: Any]).map(value))
        case "result":
            let body = raw as? [String: Any] ?? [:]
            if body.keys.contains("Ok") { return .result(.success(try (body["Ok"] as? [String: Any]).map(value))) }
            return .result(.failure(.init(try (body["Err"] as? [String: Any]).map(value))))
        default:
            throw BadValue(json: "\(json)")
        }
    }
}
