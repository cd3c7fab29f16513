/// Prints a validated component's world in WIT: what it imports is what it asks to be allowed to do.
///
/// Interfaces named like `wasi:cli/environment@0.2.0` are printed in a nested `package` block with
/// their types and functions; plainly named imports and exports are printed inline in the world.
extension ValidatedComponent {
    /// The component's world as WIT text.
    ///
    /// ```swift
    /// print(try Component(decoding: bytes).validate().worldWIT())
    /// ```
    public func worldWIT() -> String {
        var printer = WITPrinter()
        return printer.world(imports: imports, exports: exports)
    }
}

struct WITPrinter {
    /// A name for a type an interface exports: where to find it.
    struct Named {
        var interface: String
        var name: String
    }

    var valueNames: [(type: ValType, named: Named)] = []
    var resourceNames: [ObjectIdentifier: Named] = [:]

    static let keywords: Set<String> = [
        "as", "async", "bool", "borrow", "char", "constructor", "enum", "export", "f32", "f64", "flags", "from", "func",
        "future", "import", "include", "interface", "list", "own", "option", "package", "record", "resource", "result",
        "s16", "s32", "s64", "s8", "static", "stream", "string", "tuple", "type", "u16", "u32", "u64", "u8", "use",
        "variant", "with", "world", "error-context", "map",
    ]

    static func identifier(_ name: String) -> String {
        keywords.contains(name) ? "%" + name : name
    }

    /// `ns:pkg/iface@1.2.3` as its package (`ns:pkg@1.2.3`) and interface (`iface`), or nil for a plain name.
    static func splitInterfaceName(_ name: String) -> (package: String, interface: String)? {
        guard let colon = name.firstIndex(of: ":"), let slash = name[colon...].firstIndex(of: "/") else { return nil }
        let namespaceAndPackage = name[..<slash]
        var rest = name[name.index(after: slash)...]
        var version = ""
        if let at = rest.firstIndex(of: "@") {
            version = String(rest[at...])
            rest = rest[..<at]
        }
        return (String(namespaceAndPackage) + version, String(rest))
    }

    mutating func world(imports: [NamedExtern], exports: [NamedExtern]) -> String {
        // Name every exported type of every interface first, so any interface may refer to another's.
        for entry in imports + exports {
            if case .instance(let instance) = entry.info { register(instance, as: entry.name) }
        }
        // Types the world itself imports or exports are named in the world (interface "").
        register(InstanceInfo(exports: (imports + exports).filter { if case .type = $0.info { return true }; return false }), as: "")
        var lines = ["package root:component;", "", "world root {"]
        var packages: [(name: String, interfaces: [String])] = []
        func addInterface(_ text: String, package: String) {
            if let index = packages.firstIndex(where: { $0.name == package }) {
                packages[index].interfaces.append(text)
            } else {
                packages.append((package, [text]))
            }
        }
        for (keyword, entries) in [("import", imports), ("export", exports)] {
            for entry in entries {
                switch entry.info {
                case .instance(let instance):
                    if let (package, interface) = Self.splitInterfaceName(entry.name) {
                        lines.append("  \(keyword) \(entry.name);")
                        if !packages.contains(where: { $0.name == package && $0.interfaces.contains { $0.hasPrefix("  interface \(Self.identifier(interface)) {") } }) {
                            addInterface(self.interface(instance, named: interface, key: entry.name, indent: "  "), package: package)
                        }
                    } else {
                        let body = self.interfaceBody(instance, key: entry.name, indent: "    ")
                        lines.append("  \(keyword) \(Self.identifier(entry.name)): interface {")
                        lines.append(contentsOf: body)
                        lines.append("  }")
                    }
                case .function(let signature):
                    lines.append("  \(keyword) \(Self.identifier(entry.name)): \(function(signature, in: "", dropSelf: false));")
                case .type(let type):
                    let text = definition(entry.name, type, in: "", methods: [], indent: "  ")
                    if !text.isEmpty { lines.append(text) }
                case .component:
                    lines.append("  // \(keyword) component \(entry.name)")
                case .coreModule:
                    lines.append("  // \(keyword) core module \(entry.name)")
                case .value(let type):
                    lines.append("  // \(keyword) value \(entry.name): \(self.type(type, in: ""))")
                }
            }
        }
        lines.append("}")
        for package in packages {
            lines.append("")
            lines.append("package \(package.name) {")
            lines.append(package.interfaces.joined(separator: "\n\n"))
            lines.append("}")
        }
        return (lines.joined(separator: "\n") + "\n").resolvingWITReferences()
    }

    mutating func register(_ instance: InstanceInfo, as key: String) {
        for export in instance.exports {
            guard case .type(let type) = export.info else { continue }
            let named = Named(interface: key, name: export.name)
            switch type {
            case .resource(let identity):
                if resourceNames[ObjectIdentifier(identity)] == nil { resourceNames[ObjectIdentifier(identity)] = named }
            case .value(let value):
                // Only nominal types: an alias of `u64` names no `u64` but itself.
                switch value {
                case .record, .variant, .enum, .flags:
                    if !valueNames.contains(where: { $0.type == value }) { valueNames.append((value, named)) }
                default: break
                }
            default: break
            }
        }
    }

    func interface(_ instance: InstanceInfo, named name: String, key: String, indent: String) -> String {
        var lines = ["\(indent)interface \(Self.identifier(name)) {"]
        lines += interfaceBody(instance, key: key, indent: indent + "  ")
        lines.append("\(indent)}")
        return lines.joined(separator: "\n")
    }

    /// The types (with `use` for those of other interfaces), resources with their methods, and functions.
    func interfaceBody(_ instance: InstanceInfo, key: String, indent: String) -> [String] {
        var uses: [String: [String]] = [:]
        var body: [String] = []
        func note(_ text: String) {
            for (interface, names) in usedNames(text, from: key) {
                for name in names where !(uses[interface]?.contains(name) ?? false) { uses[interface, default: []].append(name) }
            }
        }
        var methods: [String: [String]] = [:]
        for export in instance.exports {
            guard case .function(let signature) = export.info else { continue }
            if let (resource, line) = method(export.name, signature, in: key) {
                methods[resource, default: []].append(line)
                note(line)
            }
        }
        for export in instance.exports {
            switch export.info {
            case .type(let type):
                let text = definition(export.name, type, in: key, methods: methods[export.name] ?? [], indent: indent)
                note(text)
                if case .resource(let identity) = type, let owner = resourceNames[ObjectIdentifier(identity)], owner.interface != key {
                    note("⟪\(owner.interface)⟫\(owner.name)")
                }
                if case .value(let value) = type, let owner = reference(value), owner.interface != key {
                    note("⟪\(owner.interface)⟫\(owner.name)")
                }
                if !text.isEmpty { body.append(text) }
            case .function(let signature):
                guard method(export.name, signature, in: key) == nil else { continue }
                let line = "\(indent)\(Self.identifier(export.name)): \(function(signature, in: key, dropSelf: false));"
                note(line)
                body.append(line)
            default:
                body.append("\(indent)// \(export.name): \(export.info.sort)")
            }
        }
        var lines: [String] = []
        for (interface, names) in uses.sorted(by: { $0.key < $1.key }) {
            // An interface of the same package is named by its own name only.
            var target = interface
            if let used = Self.splitInterfaceName(interface), let current = Self.splitInterfaceName(key), used.package == current.package {
                target = Self.identifier(used.interface)
            }
            lines.append("\(indent)use \(target).{\(names.map(Self.identifier).joined(separator: ", "))};")
        }
        return lines + body
    }

    /// Names from other interfaces that `text` refers to (recorded while printing, see ``reference(_:in:)``).
    func usedNames(_ text: String, from key: String) -> [String: [String]] {
        var found: [String: [String]] = [:]
        for (_, named) in valueNames where named.interface != key && text.contains("⟪\(named.interface)⟫\(named.name)") {
            found[named.interface, default: []].append(named.name)
        }
        for named in resourceNames.values where named.interface != key && text.contains("⟪\(named.interface)⟫\(named.name)") {
            found[named.interface, default: []].append(named.name)
        }
        return found
    }

    /// `[method]r.f`, `[static]r.f` and `[constructor]r` as a line of resource `r`'s block.
    func method(_ name: String, _ signature: FunctionSignature, in key: String) -> (resource: String, line: String)? {
        if name.hasPrefix("[constructor]") {
            let resource = String(name.dropFirst("[constructor]".count))
            let parameters = signature.parameters.map { "\(Self.identifier($0.name)): \(type($0.type, in: key))" }.joined(separator: ", ")
            return (resource, "constructor(\(parameters));")
        }
        for (prefix, isStatic) in [("[method]", false), ("[static]", true)] where name.hasPrefix(prefix) {
            let rest = name.dropFirst(prefix.count)
            guard let dot = rest.firstIndex(of: ".") else { return nil }
            let resource = String(rest[..<dot])
            let function = String(rest[rest.index(after: dot)...])
            return (resource, "\(Self.identifier(function)): \(isStatic ? "static " : "")\(self.function(signature, in: key, dropSelf: !isStatic));")
        }
        return nil
    }

    func function(_ signature: FunctionSignature, in key: String, dropSelf: Bool) -> String {
        let parameters = (dropSelf ? Array(signature.parameters.dropFirst()) : signature.parameters)
            .map { "\(Self.identifier($0.name)): \(type($0.type, in: key))" }.joined(separator: ", ")
        let result = signature.result.map { " -> \(type($0, in: key))" } ?? ""
        return "\(signature.isAsync ? "async " : "")func(\(parameters))\(result)"
    }

    func definition(_ name: String, _ info: TypeInfo, in key: String, methods: [String], indent: String) -> String {
        let id = Self.identifier(name)
        switch info {
        case .resource(let identity):
            // A resource another interface defines comes in by its `use`.
            if let owner = resourceNames[ObjectIdentifier(identity)], owner.interface != key {
                return owner.name == name ? "" : "\(indent)type \(id) = ⟪\(owner.interface)⟫\(owner.name);"
            }
            guard !methods.isEmpty else { return "\(indent)resource \(id);" }
            return "\(indent)resource \(id) {\n" + methods.map { "\(indent)  \($0)" }.joined(separator: "\n") + "\n\(indent)}"
        case .value(let value):
            if let named = reference(value), named.interface == key, named.name != name {
                return "\(indent)type \(id) = \(Self.identifier(named.name));"
            }
            if let named = reference(value), named.interface != key {
                return named.name == name ? "" : "\(indent)type \(id) = ⟪\(named.interface)⟫\(named.name);"
            }
            switch value {
            case .record(let fields):
                return "\(indent)record \(id) {\n" + fields.map { "\(indent)  \(Self.identifier($0.name)): \(type($0.type, in: key, top: false))," }.joined(separator: "\n") + "\n\(indent)}"
            case .variant(let cases):
                return "\(indent)variant \(id) {\n" + cases.map { "\(indent)  \(Self.identifier($0.name))\($0.type.map { "(\(type($0, in: key, top: false)))" } ?? "")," }.joined(separator: "\n") + "\n\(indent)}"
            case .enum(let labels):
                return "\(indent)enum \(id) {\n" + labels.map { "\(indent)  \(Self.identifier($0))," }.joined(separator: "\n") + "\n\(indent)}"
            case .flags(let labels):
                return "\(indent)flags \(id) {\n" + labels.map { "\(indent)  \(Self.identifier($0))," }.joined(separator: "\n") + "\n\(indent)}"
            default:
                return "\(indent)type \(id) = \(type(value, in: key, top: false));"
            }
        default:
            return "\(indent)// type \(name): \(describe(info))"
        }
    }

    func reference(_ value: ValType) -> Named? {
        valueNames.first { $0.type == value }?.named
    }

    func resourceName(_ identity: ResourceIdentity, in key: String) -> String {
        guard let named = resourceNames[ObjectIdentifier(identity)] else { return Self.identifier(identity.name.isEmpty ? "resource" : identity.name) }
        return named.interface == key ? Self.identifier(named.name) : "⟪\(named.interface)⟫\(named.name)"
    }

    /// A type as WIT writes it where it is used: its name when an interface exports it, else its structure.
    func type(_ value: ValType, in key: String, top: Bool = true) -> String {
        if let named = reference(value) {
            return named.interface == key ? Self.identifier(named.name) : "⟪\(named.interface)⟫\(named.name)"
        }
        if let primitive = value.primitive { return primitive.description }
        switch value {
        case .bool, .s8, .u8, .s16, .u16, .s32, .u32, .s64, .u64, .f32, .f64, .char, .string, .errorContext:
            return value.primitive?.description ?? ""
        case .list(let element): return "list<\(type(element, in: key))>"
        case .fixedList(let element, let length): return "list<\(type(element, in: key)), \(length)>"
        case .tuple(let types): return "tuple<\(types.map { type($0, in: key) }.joined(separator: ", "))>"
        case .option(let t): return "option<\(type(t, in: key))>"
        case .result(nil, nil): return "result"
        case .result(let ok?, nil): return "result<\(type(ok, in: key))>"
        case .result(nil, let error?): return "result<_, \(type(error, in: key))>"
        case .result(let ok?, let error?): return "result<\(type(ok, in: key)), \(type(error, in: key))>"
        case .own(let identity): return resourceName(identity, in: key)
        case .borrow(let identity): return "borrow<\(resourceName(identity, in: key))>"
        case .stream(let t): return t.map { "stream<\(type($0, in: key))>" } ?? "stream"
        case .future(let t): return t.map { "future<\(type($0, in: key))>" } ?? "future"
        case .map(let k, let v): return "map<\(type(k, in: key)), \(type(v, in: key))>"
        case .record: return "/* anonymous record */ tuple<>"
        case .variant: return "/* anonymous variant */ tuple<>"
        case .enum: return "/* anonymous enum */ u32"
        case .flags: return "/* anonymous flags */ u32"
        }
    }

    func describe(_ info: TypeInfo) -> String {
        switch info {
        case .value(let value): return type(value, in: "")
        case .function(let signature): return function(signature, in: "", dropSelf: false)
        case .resource(let identity): return "resource \(identity)"
        case .instance: return "instance"
        case .component: return "component"
        }
    }
}

extension String {
    /// Replaces the `⟪interface⟫name` markers of references to another interface's types with the name
    /// (the interface's `use` line makes the name visible).
    func resolvingWITReferences() -> String {
        var result = ""
        var inMarker = false
        for character in self {
            switch character {
            case "⟪": inMarker = true
            case "⟫": inMarker = false
            default: if !inMarker { result.append(character) }
            }
        }
        return result
    }
}
