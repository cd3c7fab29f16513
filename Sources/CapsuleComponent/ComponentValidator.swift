import CapsuleBinary
import CapsuleCore
import CapsuleValidation
import CapsuleEngine
import Synchronization

/// An invalid component: what rule it breaks and where.
public struct ComponentValidationError: Error, Sendable, CustomStringConvertible {
    /// What is wrong.
    public var message: String
    /// The byte offset of the offending construct.
    public var offset: Int

    /// An error with a message and the offset it applies to.
    public init(_ message: String, offset: Int) {
        self.message = message
        self.offset = offset
    }

    /// A short textual form.
    public var description: String { "offset \(offset): \(message)" }
}

/// A component that passed validation, with the resolved types of what it imports and exports.
public struct ValidatedComponent: Sendable {
    /// The component.
    public let component: Component
    /// Its core modules, validated once and compiled once for every instantiation.
    let modules: CoreModuleCache
    /// The component's imports, in order, with their types.
    public let imports: [NamedExtern]
    /// The component's exports, in order, with their types.
    public let exports: [NamedExtern]
}

extension Component {
    /// Validates the component: index spaces, type references, names, canonical definitions (the core
    /// function types `canon lift` and `canon lower` imply), instantiation arguments, and every nested core
    /// module and component.
    ///
    /// ```swift
    /// let validated = try Component(decoding: bytes).validate()
    /// ```
    /// - Throws: ``ComponentValidationError`` for the first rule broken.
    public func validate() throws(ComponentValidationError) -> ValidatedComponent {
        let modules = CoreModuleCache()
        let scope = Scope(parent: nil, isType: false, modules: modules)
        try ComponentChecker.check(self, in: scope)
        return ValidatedComponent(component: self, modules: modules, imports: scope.imports, exports: scope.exports)
    }
}

/// The core modules of a component, validated (by the offsets where they start), so that instantiating
/// the component again neither decodes nor validates them again, and their compiled code is shared.
final class CoreModuleCache: Sendable {
    private let modules = Mutex<[Int: WasmModule]>([:])

    func module(at offset: Int) -> WasmModule? {
        modules.withLock { $0[offset] }
    }

    func add(_ module: WasmModule, at offset: Int) {
        modules.withLock { $0[offset] = module }
    }
}

/// One scope's index spaces: a component, or a component or instance type being declared.
final class Scope {
    let parent: Scope?
    let isType: Bool
    let depth: Int

    var types: [TypeInfo] = []
    var functions: [FunctionSignature] = []
    var values: [ValType] = []
    var components: [ComponentInfo] = []
    var instances: [InstanceInfo] = []
    var coreTypes: [CoreTypeInfo] = []
    var coreFunctions: [FuncType] = []
    var coreTables: [TableType] = []
    var coreMemories: [MemoryType] = []
    var coreGlobals: [GlobalType] = []
    var coreTags: [FuncType] = []
    var coreModules: [ModuleInfo] = []
    var coreInstances: [[(name: String, item: CoreItem)]] = []

    var imports: [NamedExtern] = []
    var exports: [NamedExtern] = []
    /// Resources an import or export has named, which the types of later imports and exports may use.
    var visibleResources: Set<ObjectIdentifier> = []
    /// Records, variants, enums and flags an import or export of a type has named (compared by structure).
    var namedTypes: [ValType] = []
    /// The same, named by imports only: an import may not use what an export names.
    var importVisibleResources: Set<ObjectIdentifier> = []
    var importNamedTypes: [ValType] = []
    /// The component's validated core modules (shared by every scope of one component tree).
    let modules: CoreModuleCache?
    /// Whether the component was validated before: instantiation walks it again for its index spaces
    /// and types, and the checks that cannot fail a second time (names, uniqueness, visibility) are skipped.
    let trusted: Bool

    init(parent: Scope?, isType: Bool, modules: CoreModuleCache? = nil, trusted: Bool = false) {
        self.parent = parent
        self.isType = isType
        self.modules = modules ?? parent?.modules
        self.trusted = trusted || parent?.trusted == true
        depth = (parent?.depth ?? -1) + 1
    }

    func count(of sort: Sort) -> Int {
        switch sort {
        case .function: return functions.count
        case .value: return values.count
        case .type: return types.count
        case .component: return components.count
        case .instance: return instances.count
        case .core(let core):
            switch core {
            case .function: return coreFunctions.count
            case .table: return coreTables.count
            case .memory: return coreMemories.count
            case .global: return coreGlobals.count
            case .tag: return coreTags.count
            case .type: return coreTypes.count
            case .module: return coreModules.count
            case .instance: return coreInstances.count
            }
        }
    }
}

/// A core type of a component scope.
enum CoreTypeInfo {
    case function(FuncType)
    case module(ModuleInfo)
}

enum ComponentChecker {
    typealias Failure = ComponentValidationError

    static func check(_ component: Component, in scope: Scope) throws(Failure) {
        for definition in component.definitions {
            try check(definition, in: scope)
        }
    }

    static func check(_ definition: ComponentDefinition, in scope: Scope) throws(Failure) {
        switch definition {
        case .coreModule(let module, let offset):
            if scope.modules?.module(at: offset) == nil {
                do throws(ValidationError) {
                    let validated = try module.validate()
                    scope.modules?.add(WasmModule(validated: validated), at: offset)
                } catch {
                    throw Failure("core module: \(error.message)", offset: offset + error.offset)
                }
            }
            // Two-level names mangle to one in a component: a repeated pair is ambiguous.
            var seen = Set<String>()
            for entry in module.imports where !seen.insert(entry.module + "\u{0}" + entry.name).inserted {
                throw Failure("duplicate import name `\(entry.module):\(entry.name)`", offset: offset)
            }
            scope.coreModules.append(moduleInfo(module))
        case .coreInstance(let expression, let offset):
            scope.coreInstances.append(try coreInstance(expression, in: scope, at: offset))
        case .coreType(let type, let offset):
            scope.coreTypes.append(try coreType(type, in: scope, at: offset))
        case .component(let nested):
            let inner = Scope(parent: scope, isType: false)
            try check(nested, in: inner)
            scope.components.append(ComponentInfo(imports: inner.imports, exports: inner.exports))
        case .instance(let expression, let offset):
            scope.instances.append(try instance(expression, in: scope, at: offset))
        case .alias(let alias, let offset):
            if let info = try aliased(alias, in: scope, at: offset) { try add(info, to: scope) }
        case .type(let type, let offset):
            scope.types.append(try resolve(type, in: scope, at: offset))
        case .canon(let canon, let offset):
            try checkCanon(canon, in: scope, at: offset)
        case .import(let entry, let offset):
            let info = try extern(entry.type, named: entry.name, in: scope, at: offset)
            if !scope.trusted {
                try checkName(entry.name, info, among: scope.imports, in: scope, at: offset)
                try checkVisibility(entry.name, info, "import", in: scope, at: offset)
            }
            scope.imports.append(NamedExtern(name: entry.name, info: info))
            try add(info, to: scope)
        case .export(let entry, let offset):
            var info = try item(entry.item, in: scope, at: offset)
            if let declared = entry.type {
                let type = try extern(declared, named: entry.name, in: scope, at: offset)
                guard type.sort == info.sort else { throw Failure("export \"\(entry.name)\": type does not match the item's sort", offset: offset) }
                // The ascribed type must be a supertype of the item's own (an instance may forget exports).
                if let problem = mismatch(info, type) {
                    throw Failure("ascribed type of export \"\(entry.name)\" is not compatible: \(problem)", offset: offset)
                }
                info = type
            }
            // Exporting a resource type gives it a new index: the name the outside sees it by.
            if case .type(.resource(let identity)) = info {
                info = .type(.resource(ResourceIdentity(name: entry.name, isLocal: identity.isLocal, scope: identity.scope, underlying: identity)))
            }
            if !scope.trusted {
                try checkName(entry.name, info, among: scope.exports, in: scope, at: offset)
                try checkVisibility(entry.name, info, "export", in: scope, at: offset)
            }
            scope.exports.append(NamedExtern(name: entry.name, info: info))
            try add(info, to: scope)
        }
    }

    // MARK: External visibility

    /// The resources an item introduces (its own resource types, and those of an instance's exports).
    static func introducedResources(_ info: ExternInfo) -> [ResourceIdentity] {
        switch info {
        case .type(.resource(let identity)): return [identity]
        case .instance(let instance): return instance.exports.flatMap { introducedResources($0.info) }
        default: return []
        }
    }

    /// The resources an item's types refer to.
    static func referencedResources(_ info: ExternInfo) -> [ResourceIdentity] {
        switch info {
        case .function(let signature): return signature.parameters.flatMap { $0.type.resources } + (signature.result?.resources ?? [])
        case .value(let type), .type(.value(let type)): return type.resources
        case .instance(let instance): return instance.exports.flatMap { referencedResources($0.info) }
        default: return []
        }
    }

    /// A component's imports and exports may only use resources that an import or export has named
    /// (Explainer.md, "External visibility of types"); the item's own are named by it.
    static func checkVisibility(_ name: String, _ info: ExternInfo, _ kind: String, in scope: Scope, at offset: Int) throws(Failure) {
        let isImport = kind == "import"
        for identity in introducedResources(info) {
            scope.visibleResources.insert(ObjectIdentifier(identity))
            if isImport { scope.importVisibleResources.insert(ObjectIdentifier(identity)) }
        }
        let visible = isImport ? scope.importVisibleResources : scope.visibleResources
        for identity in referencedResources(info) where !visible.contains(ObjectIdentifier(identity)) {
            // Resources of an enclosing component's types, aliased in, are that component's concern.
            guard identity.scope >= scope.depth else { continue }
            throw Failure("\(info.sort) not valid to be used as \(kind): `\(name)` uses a resource no import or export names", offset: offset)
        }
        var named = isImport ? scope.importNamedTypes : scope.namedTypes
        let before = named.count
        try checkNamedTypes(name, info, kind, named: &named, at: offset)
        let added = named[before...]
        scope.namedTypes += added
        if isImport { scope.importNamedTypes += added }
    }

    /// Records, variants, enums and flags that an import or export uses must have been named by an
    /// import or export of a type first (a type's own name is the one it is being given).
    static func checkNamedTypes(_ name: String, _ info: ExternInfo, _ kind: String, named: inout [ValType], at offset: Int) throws(Failure) {
        func check(_ types: [ValType]) throws(Failure) {
            for type in types where !named.contains(type) {
                throw Failure("\(info.sort) not valid to be used as \(kind): `\(name)` uses a type no import or export names", offset: offset)
            }
        }
        switch info {
        case .type(.value(let value)):
            try check(nominalTypes(in: value, includingItself: false))
            if isNominal(value) { named.append(value) }
        case .function(let signature):
            try check(signature.parameters.flatMap { nominalTypes(in: $0.type, includingItself: true) }
                + (signature.result.map { nominalTypes(in: $0, includingItself: true) } ?? []))
        case .instance(let instance):
            // An imported or exported instance names the types it exports, for what follows too.
            for export in instance.exports { try checkNamedTypes(export.name, export.info, kind, named: &named, at: offset) }
        case .type(.function(let signature)):
            try checkNamedTypes(name, .function(signature), kind, named: &named, at: offset)
        case .type(.instance(let instance)):
            // A type's definitions name nothing outside it.
            var inner = named
            for export in instance.exports { try checkNamedTypes(export.name, export.info, kind, named: &inner, at: offset) }
        default:
            break
        }
    }

    static func isNominal(_ type: ValType) -> Bool {
        switch type {
        case .record, .variant, .enum, .flags: return true
        default: return false
        }
    }

    /// The records, variants, enums and flags inside a type (and the type itself, if asked).
    static func nominalTypes(in type: ValType, includingItself: Bool) -> [ValType] {
        var found: [ValType] = includingItself && isNominal(type) ? [type] : []
        switch type {
        case .record(let fields): found += fields.flatMap { nominalTypes(in: $0.type, includingItself: true) }
        case .variant(let cases): found += cases.flatMap { $0.type.map { nominalTypes(in: $0, includingItself: true) } ?? [] }
        case .list(let t), .option(let t), .fixedList(let t, _): found += nominalTypes(in: t, includingItself: true)
        case .tuple(let types): found += types.flatMap { nominalTypes(in: $0, includingItself: true) }
        case .result(let ok, let error):
            found += (ok.map { nominalTypes(in: $0, includingItself: true) } ?? []) + (error.map { nominalTypes(in: $0, includingItself: true) } ?? [])
        case .stream(let t), .future(let t): found += t.map { nominalTypes(in: $0, includingItself: true) } ?? []
        case .map(let k, let v): found += nominalTypes(in: k, includingItself: true) + nominalTypes(in: v, includingItself: true)
        default: break
        }
        return found
    }

    // MARK: Index spaces

    static func add(_ info: ExternInfo, to scope: Scope) throws(Failure) {
        switch info {
        case .coreModule(let module): scope.coreModules.append(module)
        case .function(let signature): scope.functions.append(signature)
        case .value(let type): scope.values.append(type)
        case .type(let type): scope.types.append(type)
        case .component(let component): scope.components.append(component)
        case .instance(let instance): scope.instances.append(instance)
        }
    }

    static func require(_ index: UInt32, _ sort: Sort, in scope: Scope, at offset: Int) throws(Failure) -> Int {
        guard Int(index) < scope.count(of: sort) else { throw Failure("unknown \(sort) \(index)", offset: offset) }
        return Int(index)
    }

    /// The resolved type of an item named by a sort index.
    static func item(_ item: SortIndex, in scope: Scope, at offset: Int) throws(Failure) -> ExternInfo {
        let index = try require(item.index, item.sort, in: scope, at: offset)
        switch item.sort {
        case .function: return .function(scope.functions[index])
        case .value: return .value(scope.values[index])
        case .type: return .type(scope.types[index])
        case .component: return .component(scope.components[index])
        case .instance: return .instance(scope.instances[index])
        case .core(.module): return .coreModule(scope.coreModules[index])
        case .core(let sort): throw Failure("a core \(sort) cannot be a component-level item", offset: offset)
        }
    }

    static func coreItem(_ item: CoreSortIndex, in scope: Scope, at offset: Int) throws(Failure) -> CoreItem {
        let index = try require(item.index, .core(item.sort), in: scope, at: offset)
        switch item.sort {
        case .function: return .function(scope.coreFunctions[index])
        case .table: return .table(scope.coreTables[index])
        case .memory: return .memory(scope.coreMemories[index])
        case .global: return .global(scope.coreGlobals[index])
        case .tag: return .tag(scope.coreTags[index])
        default: throw Failure("a core \(item.sort) cannot be exported from a core instance", offset: offset)
        }
    }

    static func addCore(_ item: CoreItem, to scope: Scope) {
        switch item {
        case .function(let type): scope.coreFunctions.append(type)
        case .table(let type): scope.coreTables.append(type)
        case .memory(let type): scope.coreMemories.append(type)
        case .global(let type): scope.coreGlobals.append(type)
        case .tag(let type): scope.coreTags.append(type)
        }
    }

    // MARK: Core modules and instances

    static func moduleInfo(_ module: Module) -> ModuleInfo {
        var info = ModuleInfo()
        var functions: [FuncType] = []
        var tables: [TableType] = []
        var memories: [MemoryType] = []
        var globals: [GlobalType] = []
        var tags: [FuncType] = []
        func type(_ index: UInt32) -> FuncType {
            Int(index) < module.types.count ? module.types[Int(index)] : FuncType(params: [], results: [])
        }
        for entry in module.imports {
            let item: CoreItem
            switch entry.descriptor {
            case .function(let index): item = .function(type(index)); functions.append(type(index))
            case .table(let table): item = .table(table); tables.append(table)
            case .memory(let memory): item = .memory(memory); memories.append(memory)
            case .global(let global): item = .global(global); globals.append(global)
            case .tag(let index): item = .tag(type(index)); tags.append(type(index))
            }
            info.imports.append((entry.module, entry.name, item))
        }
        functions += module.functions.map(type)
        tables += module.tables
        memories += module.memories
        globals += module.globals.map(\.type)
        tags += module.tags.map(type)
        for export in module.exports {
            let item: CoreItem?
            switch export.descriptor {
            case .function(let i): item = Int(i) < functions.count ? .function(functions[Int(i)]) : nil
            case .table(let i): item = Int(i) < tables.count ? .table(tables[Int(i)]) : nil
            case .memory(let i): item = Int(i) < memories.count ? .memory(memories[Int(i)]) : nil
            case .global(let i): item = Int(i) < globals.count ? .global(globals[Int(i)]) : nil
            case .tag(let i): item = Int(i) < tags.count ? .tag(tags[Int(i)]) : nil
            }
            if let item { info.exports.append((export.name, item)) }
        }
        return info
    }

    static func coreInstance(_ expression: CoreInstanceExpression, in scope: Scope, at offset: Int) throws(Failure) -> [(name: String, item: CoreItem)] {
        switch expression {
        case .instantiate(let moduleIndex, let arguments):
            let module = scope.coreModules[try require(moduleIndex, .core(.module), in: scope, at: offset)]
            var supplied: [String: [(name: String, item: CoreItem)]] = [:]
            if scope.trusted { return module.exports }
            for argument in arguments {
                guard supplied[argument.name] == nil else { throw Failure("duplicate instantiation argument \"\(argument.name)\"", offset: offset) }
                supplied[argument.name] = scope.coreInstances[try require(argument.instance, .core(.instance), in: scope, at: offset)]
            }
            for entry in module.imports {
                guard let instance = supplied[entry.module] else {
                    throw Failure("missing module instantiation argument named \"\(entry.module)\"", offset: offset)
                }
                guard let given = instance.first(where: { $0.name == entry.name })?.item else {
                    throw Failure("module instantiation argument \"\(entry.module)\" does not export \"\(entry.name)\"", offset: offset)
                }
                guard matches(given, entry.item) else {
                    throw Failure("type mismatch for export \"\(entry.name)\" of module instantiation argument \"\(entry.module)\"", offset: offset)
                }
            }
            return module.exports
        case .exports(let items):
            var exports: [(name: String, item: CoreItem)] = []
            for (name, item) in items {
                guard scope.trusted || !exports.contains(where: { $0.name == name }) else { throw Failure("duplicate core instance export \"\(name)\"", offset: offset) }
                exports.append((name, try coreItem(item, in: scope, at: offset)))
            }
            return exports
        }
    }

    /// The core rule for memory limits: at most 2^16 pages for a 32-bit memory (2^48 for 64-bit), min <= max.
    static func memoryTypeIsValid(_ memory: MemoryType) -> Bool {
        let limit: UInt64 = memory.limits.addressType == .i64 ? 1 << 48 : 1 << 16
        guard memory.limits.min <= limit else { return false }
        if let max = memory.limits.max { return max <= limit && memory.limits.min <= max }
        return true
    }

    /// Whether a core item can be supplied for an import of type `wanted`.
    static func matches(_ given: CoreItem, _ wanted: CoreItem) -> Bool {
        switch (given, wanted) {
        case (.function(let a), .function(let b)), (.tag(let a), .tag(let b)): return a == b
        case (.global(let a), .global(let b)): return a == b
        case (.memory(let a), .memory(let b)): return limitsMatch(a.limits, b.limits)
        case (.table(let a), .table(let b)): return a.elementType == b.elementType && limitsMatch(a.limits, b.limits)
        default: return false
        }
    }

    static func limitsMatch(_ given: Limits, _ wanted: Limits) -> Bool {
        guard given.addressType == wanted.addressType, given.min >= wanted.min else { return false }
        guard let wantedMax = wanted.max else { return true }
        guard let givenMax = given.max else { return false }
        return givenMax <= wantedMax
    }

    static func coreType(_ type: CoreTypeDefinition, in scope: Scope, at offset: Int) throws(Failure) -> CoreTypeInfo {
        switch type {
        case .function(let function):
            return .function(function)
        case .module(let declarations):
            var info = ModuleInfo()
            var types: [FuncType] = []
            func function(_ index: UInt32) throws(Failure) -> FuncType {
                guard Int(index) < types.count else { throw Failure("unknown type \(index) in a module type", offset: offset) }
                return types[Int(index)]
            }
            func item(_ descriptor: ImportDescriptor) throws(Failure) -> CoreItem {
                switch descriptor {
                case .function(let index): return .function(try function(index))
                case .tag(let index): return .tag(try function(index))
                case .table(let table): return .table(table)
                case .memory(let memory): return .memory(memory)
                case .global(let global): return .global(global)
                }
            }
            for declaration in declarations {
                switch declaration {
                case .import(let module, let name, let descriptor):
                    guard !info.imports.contains(where: { $0.module == module && $0.name == name }) else {
                        throw Failure("duplicate import name `\(module):\(name)`", offset: offset)
                    }
                    if case .memory(let memory) = descriptor, !memoryTypeIsValid(memory) {
                        throw Failure("memory size must be at most 65536 pages (4GiB)", offset: offset)
                    }
                    info.imports.append((module, name, try item(descriptor)))
                case .type(.function(let function)):
                    types.append(function)
                case .type(.module):
                    throw Failure("a module type cannot declare a module type", offset: offset)
                case .outerTypeAlias(let count, let index):
                    guard count == 1 else { throw Failure("a module type's outer alias must name the enclosing component", offset: offset) }
                    guard Int(index) < scope.coreTypes.count, case .function(let function) = scope.coreTypes[Int(index)] else {
                        throw Failure("unknown core type \(index)", offset: offset)
                    }
                    types.append(function)
                case .export(let name, let descriptor):
                    guard !info.exports.contains(where: { $0.name == name }) else { throw Failure("duplicate export \"\(name)\" in a module type", offset: offset) }
                    info.exports.append((name, try item(descriptor)))
                }
            }
            return .module(info)
        }
    }

    // MARK: Component instances and aliases

    static func instance(_ expression: InstanceExpression, in scope: Scope, at offset: Int) throws(Failure) -> InstanceInfo {
        switch expression {
        case .instantiate(let componentIndex, let arguments):
            let component = scope.components[try require(componentIndex, .component, in: scope, at: offset)]
            var supplied: [String: ExternInfo] = [:]
            for argument in arguments {
                guard supplied[argument.name] == nil else { throw Failure("duplicate instantiation argument \"\(argument.name)\"", offset: offset) }
                supplied[argument.name] = try item(argument.item, in: scope, at: offset)
            }
            var substitution = ResourceSubstitution()
            for entry in component.imports {
                guard let given = supplied[entry.name] else { throw Failure("missing component instantiation argument named \"\(entry.name)\"", offset: offset) }
                // The resources the argument supplies stand for the import's placeholders, here and in what
                // the instance exports; then the argument must match the import with them in place.
                learn(substitution.extern(entry.info), from: given, into: &substitution)
                if let problem = mismatch(given, substitution.extern(entry.info), strict: true, depth: scope.depth) {
                    throw Failure("type mismatch in instantiation argument \"\(entry.name)\": \(problem)", offset: offset)
                }
            }
            let info = substitution.isEmpty ? InstanceInfo(exports: component.exports) : substitution.instance(InstanceInfo(exports: component.exports))
            return freshResources(info, in: scope)
        case .exports(let items):
            var info = InstanceInfo()
            for (name, entry) in items {
                let resolved = try item(entry, in: scope, at: offset)
                if !scope.trusted { try checkName(name, resolved, among: info.exports, in: nil, at: offset) }
                info.exports.append(NamedExtern(name: name, info: resolved))
            }
            return info
        }
    }

    /// Why `given` cannot be supplied where `wanted` is expected, or nil when it can: the same structure
    /// (any resource matching any other: an import's resources are placeholders), instances and modules
    /// by their exports (more allowed) and a module's imports (fewer allowed).
    static func mismatch(_ given: ExternInfo, _ wanted: ExternInfo, strict: Bool = false, depth: Int = 0) -> String? {
        // Strictly, resources must be the same; a placeholder of the instantiated component's own types
        // (deeper than the instantiating scope) that nothing replaced matches any.
        let sameResource: (ResourceIdentity, ResourceIdentity) -> Bool = { a, b in
            !strict || a.root === b.root || (b.root.isPlaceholder && b.root.scope > depth)
        }
        switch (given, wanted) {
        case (.function(let a), .function(let b)):
            return a.matches(b, sameResource: sameResource) ? nil : "function types differ"
        case (.value(let a), .value(let b)), (.type(.value(let a)), .type(.value(let b))):
            return a.matches(b, sameResource: sameResource) ? nil : "expected \(b), found \(a)"
        case (.type(.resource(let a)), .type(.resource(let b))):
            return sameResource(a, b) ? nil : "resource types are not the same"
        case (.type(let a), .type(let b)):
            switch (a, b) {
            case (.function(let x), .function(let y)): return x.matches(y, sameResource: sameResource) ? nil : "function types differ"
            case (.instance(let x), .instance(let y)): return mismatch(.instance(x), .instance(y), strict: strict, depth: depth)
            case (.component, .component): return nil
            default: return "a different kind of type"
            }
        case (.instance(let a), .instance(let b)):
            for export in b.exports {
                guard let supplied = a.export(export.name) else { return "missing expected export `\(export.name)`" }
                if let problem = mismatch(supplied, export.info, strict: strict, depth: depth) { return "type mismatch in instance export `\(export.name)`: \(problem)" }
            }
            return nil
        case (.component(let a), .component(let b)):
            for export in b.exports {
                guard let supplied = a.exports.first(where: { $0.name == export.name }) else { return "missing expected export `\(export.name)`" }
                if let problem = mismatch(supplied.info, export.info) { return "type mismatch in export `\(export.name)`: \(problem)" }
            }
            for entry in a.imports {
                guard let expected = b.imports.first(where: { $0.name == entry.name }) else { return "missing expected import `\(entry.name)`" }
                if let problem = mismatch(expected.info, entry.info) { return "type mismatch in import `\(entry.name)`: \(problem)" }
            }
            return nil
        case (.coreModule(let a), .coreModule(let b)):
            for entry in a.imports {
                guard let expected = b.imports.first(where: { $0.module == entry.module && $0.name == entry.name }) else {
                    return "missing expected import `\(entry.module)::\(entry.name)`"
                }
                if !matches(expected.item, entry.item) { return "type mismatch in import `\(entry.module)::\(entry.name)`" }
            }
            for export in b.exports {
                guard let supplied = a.exports.first(where: { $0.name == export.name }) else { return "missing expected export `\(export.name)`" }
                if !matches(supplied.item, export.item) { return "type mismatch in export `\(export.name)`" }
            }
            return nil
        default:
            return "expected a \(wanted.sort), found a \(given.sort)"
        }
    }

    /// Maps the placeholder resources of an import's type (its `(sub resource)` types, also inside an
    /// instance type) to the resources the supplied item has at the same names.
    static func learn(_ wanted: ExternInfo, from given: ExternInfo, into substitution: inout ResourceSubstitution) {
        switch (wanted, given) {
        case (.type(.resource(let placeholder)), .type(.resource(let actual))) where placeholder.isPlaceholder:
            substitution.replacements[ObjectIdentifier(placeholder)] = actual
        case (.instance(let wantedInstance), .instance(let givenInstance)):
            for export in wantedInstance.exports {
                if let supplied = givenInstance.export(export.name) { learn(substitution.extern(export.info), from: supplied, into: &substitution) }
            }
        default:
            break
        }
    }

    /// Whether instance or component type members use or name resources from outside the type (those
    /// it declares itself, deeper than `depth`, travel with it).
    static func mentionsOuterResources(_ members: [NamedExtern], depth: Int) -> Bool {
        members.contains { member in
            (referencedResources(member.info) + introducedResources(member.info)).contains { $0.root.scope <= depth }
        }
    }

    /// What an alias adds: a component-level item to add, or nil when it was a core item, added here.
    static func aliased(_ alias: Alias, in scope: Scope, at offset: Int) throws(Failure) -> ExternInfo? {
        switch alias {
        case .instanceExport(let sort, let instanceIndex, let name):
            let instance = scope.instances[try require(instanceIndex, .instance, in: scope, at: offset)]
            guard let export = instance.export(name) else { throw Failure("instance \(instanceIndex) has no export named \"\(name)\"", offset: offset) }
            guard export.sort == sort else { throw Failure("export \"\(name)\" of instance \(instanceIndex) is a \(export.sort), not a \(sort)", offset: offset) }
            return export
        case .coreInstanceExport(let sort, let instanceIndex, let name):
            let instance = scope.coreInstances[try require(instanceIndex, .core(.instance), in: scope, at: offset)]
            guard let export = instance.first(where: { $0.name == name })?.item else {
                throw Failure("core instance \(instanceIndex) has no export named \"\(name)\"", offset: offset)
            }
            guard export.sort == sort else { throw Failure("export \"\(name)\" of core instance \(instanceIndex) is a \(export.sort), not a \(sort)", offset: offset) }
            addCore(export, to: scope)
            return nil
        case .outer(let sort, let count, let index):
            var target = scope
            for _ in 0..<count {
                guard let parent = target.parent else { throw Failure("outer alias count \(count) reaches past the outermost component", offset: offset) }
                target = parent
            }
            let position = try require(index, sort, in: target, at: offset)
            switch sort {
            case .type:
                // Types that are or contain resources may not cross a component boundary by an outer alias.
                let refersToResources: Bool
                switch target.types[position] {
                case .resource: refersToResources = true
                case .value(let value): refersToResources = !value.resources.isEmpty
                case .function(let signature): refersToResources = !(signature.parameters.flatMap { $0.type.resources } + (signature.result?.resources ?? [])).isEmpty
                case .instance(let instance):
                    refersToResources = Self.mentionsOuterResources(instance.exports, depth: target.depth)
                case .component(let component):
                    refersToResources = Self.mentionsOuterResources(component.imports + component.exports, depth: target.depth)
                }
                if refersToResources, crossesComponent(from: scope, to: target) {
                    throw Failure("outer alias of a type that transitively refers to resources, across a component boundary", offset: offset)
                }
                return .type(target.types[position])
            case .component: return .component(target.components[position])
            case .core(.module): return .coreModule(target.coreModules[position])
            case .core(.type):
                scope.coreTypes.append(target.coreTypes[position])
                return nil
            default:
                throw Failure("an outer alias may only name a type, core type, core module or component", offset: offset)
            }
        }
    }

    static func crossesComponent(from scope: Scope, to target: Scope) -> Bool {
        var current: Scope? = scope
        while let s = current, s !== target {
            if !s.isType { return true }
            current = s.parent
        }
        return false
    }

    // MARK: Types

    static func value(_ reference: ValueTypeReference, in scope: Scope, at offset: Int) throws(Failure) -> ValType {
        switch reference {
        case .primitive(let primitive): return ValType(primitive)
        case .index(let index):
            let position = try require(index, .type, in: scope, at: offset)
            guard case .value(let type) = scope.types[position] else { throw Failure("type \(index) is not a defined value type", offset: offset) }
            return type
        }
    }

    static func resource(_ index: UInt32, in scope: Scope, at offset: Int) throws(Failure) -> ResourceIdentity {
        let position = try require(index, .type, in: scope, at: offset)
        guard case .resource(let identity) = scope.types[position] else { throw Failure("type \(index) is not a resource type", offset: offset) }
        return identity
    }

    static func unique(_ labels: [String], _ what: String, at offset: Int) throws(Failure) {
        var seen = Set<String>()
        for label in labels {
            guard ExternName.isLabel(label) else { throw Failure("\(what) name `\(label)` is not in kebab case", offset: offset) }
            guard seen.insert(label.lowercased()).inserted else { throw Failure("duplicate \(what) name \"\(label)\"", offset: offset) }
        }
    }

    /// An import or export name: valid, strongly unique among `existing`, and for `[constructor]`,
    /// `[method]` and `[static]` names a function of the right shape on a resource named in `scope`.
    static func checkName(_ name: String, _ info: ExternInfo, among existing: [NamedExtern], in scope: Scope?, at offset: Int) throws(Failure) {
        guard let kind = ExternName.parse(name) else { throw Failure("`\(name)` is not a valid extern name", offset: offset) }
        let canonical = ExternName.canonical(name)
        guard !existing.contains(where: { ExternName.canonical($0.name) == canonical }) else {
            throw Failure("name `\(name)` conflicts with a previous name", offset: offset)
        }
        if case .function(let signature) = info, signature.result?.containsBorrow == true {
            throw Failure("`\(name)`: a function result may not contain a borrow", offset: offset)
        }
        let resourceName: String
        switch kind {
        case .label, .interface: return
        case .constructor(let resource), .method(let resource, _), .static(let resource, _): resourceName = resource
        }
        guard case .function(let signature) = info else { throw Failure("`\(name)` must be a function", offset: offset) }
        guard scope != nil else { return }
        // The resource's name is looked up in the same namespace: an exported method needs an exported resource.
        guard let entry = existing.last(where: { $0.name == resourceName }), case .type(.resource(let identity)) = entry.info else {
            throw Failure("`\(name)`: no resource named `\(resourceName)` before it", offset: offset)
        }
        switch kind {
        case .constructor:
            let returnsResource: Bool
            switch signature.result {
            case .own(let r)?: returnsResource = r == identity
            case .result(.own(let r)?, _)?: returnsResource = r == identity
            default: returnsResource = false
            }
            guard returnsResource else { throw Failure("`\(name)`: a constructor must return `\(resourceName)`", offset: offset) }
        case .method:
            guard let first = signature.parameters.first, first.name == "self", first.type == .borrow(identity) else {
                throw Failure("`\(name)`: a method's first parameter must be `self: borrow<\(resourceName)>`", offset: offset)
            }
        default: break
        }
    }

    static func defined(_ type: DefinedValueType, in scope: Scope, at offset: Int) throws(Failure) -> ValType {
        func resolve(_ reference: ValueTypeReference) throws(Failure) -> ValType { try value(reference, in: scope, at: offset) }
        switch type {
        case .primitive(let primitive): return ValType(primitive)
        case .record(let fields):
            guard !fields.isEmpty else { throw Failure("record type must have at least one field", offset: offset) }
            if !scope.trusted { try unique(fields.map(\.name), "field", at: offset) }
            var resolved: [(name: String, type: ValType)] = []
            for field in fields { resolved.append((field.name, try resolve(field.type))) }
            return .record(resolved)
        case .variant(let cases):
            guard !cases.isEmpty else { throw Failure("variant type must have at least one case", offset: offset) }
            if !scope.trusted { try unique(cases.map(\.name), "variant case", at: offset) }
            var resolved: [(name: String, type: ValType?)] = []
            for entry in cases { resolved.append((entry.name, try entry.type.map { (t) throws(Failure) in try resolve(t) })) }
            return .variant(resolved)
        case .list(let element): return .list(try resolve(element))
        case .fixedList(let element, let length):
            guard length > 0 else { throw Failure("fixed-length lists must have at least one element", offset: offset) }
            return .fixedList(try resolve(element), length: length)
        case .tuple(let types):
            guard !types.isEmpty else { throw Failure("tuple type must have at least one type", offset: offset) }
            var resolved: [ValType] = []
            for t in types { resolved.append(try resolve(t)) }
            return .tuple(resolved)
        case .flags(let labels):
            guard !labels.isEmpty, labels.count <= 32 else { throw Failure("flags must have between 1 and 32 labels", offset: offset) }
            if !scope.trusted { try unique(labels, "flag", at: offset) }
            return .flags(labels)
        case .enum(let labels):
            guard !labels.isEmpty else { throw Failure("enum type must have at least one case", offset: offset) }
            if !scope.trusted { try unique(labels, "enum case", at: offset) }
            return .enum(labels)
        case .option(let t): return .option(try resolve(t))
        case .result(let ok, let error):
            return .result(ok: try ok.map { (t) throws(Failure) in try resolve(t) }, error: try error.map { (t) throws(Failure) in try resolve(t) })
        case .own(let index): return .own(try resource(index, in: scope, at: offset))
        case .borrow(let index): return .borrow(try resource(index, in: scope, at: offset))
        case .stream(let t), .future(let t):
            let element = try t.map { (t) throws(Failure) in try resolve(t) }
            if element?.containsBorrow == true { throw Failure("stream and future elements may not contain a borrow", offset: offset) }
            if case .stream = type, element == .char { throw Failure("`stream<char>` is not valid at this time", offset: offset) }
            if case .stream = type { return .stream(element) }
            return .future(element)
        case .map(let key, let valueType):
            return .map(key: try resolve(key), value: try resolve(valueType))
        }
    }

    static func signature(_ type: ComponentFunctionType, in scope: Scope, at offset: Int) throws(Failure) -> FunctionSignature {
        if !scope.trusted { try unique(type.parameters.map(\.name), "parameter", at: offset) }
        var parameters: [(name: String, type: ValType)] = []
        for parameter in type.parameters { parameters.append((parameter.name, try value(parameter.type, in: scope, at: offset))) }
        let result = try type.result.map { (t) throws(Failure) in try value(t, in: scope, at: offset) }
        if result?.containsBorrow == true { throw Failure("function result types may not contain a borrow", offset: offset) }
        return FunctionSignature(isAsync: type.isAsync, parameters: parameters, result: result)
    }

    static func resolve(_ type: ComponentType, in scope: Scope, at offset: Int) throws(Failure) -> TypeInfo {
        switch type {
        case .value(let defined):
            let value = try self.defined(defined, in: scope, at: offset)
            // Binary.md: the element size with 64-bit pointers must stay below 2^28.
            guard scope.trusted || CanonicalABI.size(value, pointerBytes: 8) < CanonicalABI.maximumElementSize else {
                throw Failure("type exceeds maximum byte size of 2^28", offset: offset)
            }
            return .value(value)
        case .function(let function): return .function(try signature(function, in: scope, at: offset))
        case .resource(let representation, let destructor):
            guard !scope.isType else { throw Failure("resource types cannot be defined in a component or instance type", offset: offset) }
            guard representation == .i32 else { throw Failure("resources can only be represented by i32", offset: offset) }
            if let destructor {
                let position = try require(destructor, .core(.function), in: scope, at: offset)
                guard scope.coreFunctions[position] == FuncType(params: [.i32], results: []) else {
                    throw Failure("a resource destructor must have type [i32] -> []", offset: offset)
                }
            }
            return .resource(ResourceIdentity(name: "", isLocal: true, scope: scope.depth))
        case .instance(let declarations):
            let inner = Scope(parent: scope, isType: true)
            for declaration in declarations { try declare(declaration, in: inner, at: offset) }
            return .instance(InstanceInfo(exports: inner.exports))
        case .component(let declarations):
            let inner = Scope(parent: scope, isType: true)
            for declaration in declarations {
                switch declaration {
                case .import(let name, let type):
                    let info = try extern(type, named: name, in: inner, at: offset)
                    if !inner.trusted {
                        try checkName(name, info, among: inner.imports, in: inner, at: offset)
                        try checkVisibility(name, info, "import", in: inner, at: offset)
                    }
                    inner.imports.append(NamedExtern(name: name, info: info))
                    try add(info, to: inner)
                case .instance(let declaration):
                    try declare(declaration, in: inner, at: offset)
                    // A component type's exports are checked as they are declared (an instance type's
                    // wait until the type is attached to an import or export).
                    if case .export = declaration, !inner.trusted, let last = inner.exports.last {
                        try checkVisibility(last.name, last.info, "export", in: inner, at: offset)
                    }
                }
            }
            return .component(ComponentInfo(imports: inner.imports, exports: inner.exports))
        }
    }

    static func declare(_ declaration: InstanceDeclaration, in scope: Scope, at offset: Int) throws(Failure) {
        switch declaration {
        case .coreType(let type):
            scope.coreTypes.append(try coreType(type, in: scope, at: offset))
        case .type(let type):
            scope.types.append(try resolve(type, in: scope, at: offset))
        case .alias(let alias):
            switch alias {
            case .instanceExport(let sort, _, _) where sort != .type && sort != .instance:
                throw Failure("an alias in a type may only name an instance's type or instance export", offset: offset)
            case .coreInstanceExport:
                throw Failure("an alias in a type may not name a core instance export", offset: offset)
            case .outer(let sort, _, _) where sort != .type && sort != .core(.type):
                throw Failure("an outer alias in a type may only name a type or a core type", offset: offset)
            default: break
            }
            if let info = try aliased(alias, in: scope, at: offset) { try add(info, to: scope) }
        case .export(let name, let type):
            let info = try extern(type, named: name, in: scope, at: offset)
            if !scope.trusted { try checkName(name, info, among: scope.exports, in: scope, at: offset) }
            scope.exports.append(NamedExtern(name: name, info: info))
            try add(info, to: scope)
        }
    }

    static func extern(_ type: ExternType, named name: String, in scope: Scope, at offset: Int) throws(Failure) -> ExternInfo {
        switch type {
        case .coreModule(let index):
            let position = try require(index, .core(.type), in: scope, at: offset)
            guard case .module(let module) = scope.coreTypes[position] else { throw Failure("core type \(index) is not a module type", offset: offset) }
            return .coreModule(module)
        case .function(let index):
            let position = try require(index, .type, in: scope, at: offset)
            guard case .function(let signature) = scope.types[position] else { throw Failure("type \(index) is not a function type", offset: offset) }
            return .function(signature)
        case .value(.type(let reference)):
            return .value(try value(reference, in: scope, at: offset))
        case .value(.equal(let index)):
            return .value(scope.values[try require(index, .value, in: scope, at: offset)])
        case .type(.equal(let index)):
            return .type(scope.types[try require(index, .type, in: scope, at: offset)])
        case .type(.subResource):
            return .type(.resource(ResourceIdentity(name: name, isLocal: false, scope: scope.depth)))
        case .component(let index):
            let position = try require(index, .type, in: scope, at: offset)
            guard case .component(let component) = scope.types[position] else { throw Failure("type \(index) is not a component type", offset: offset) }
            return .component(component)
        case .instance(let index):
            let position = try require(index, .type, in: scope, at: offset)
            guard case .instance(let instance) = scope.types[position] else { throw Failure("type \(index) is not an instance type", offset: offset) }
            // Each import or export of an instance type has resources of its own.
            return .instance(freshResources(instance, in: scope))
        }
    }

    /// The instance with new resources for those it introduces from deeper scopes: the `(sub resource)`
    /// exports of an instance type, made anew for each import or export of it, and the resources a
    /// component defines or exports, made anew for each instantiation (resource types are generative).
    static func freshResources(_ instance: InstanceInfo, in scope: Scope) -> InstanceInfo {
        if scope.trusted { return instance }
        var substitution = ResourceSubstitution()
        for identity in introducedResources(.instance(instance)).map(\.root) where identity.scope > scope.depth {
            if substitution.replacements[ObjectIdentifier(identity)] == nil {
                substitution.replacements[ObjectIdentifier(identity)] = ResourceIdentity(name: identity.name, isLocal: false, scope: scope.depth)
            }
        }
        return substitution.isEmpty ? instance : substitution.instance(instance)
    }

    // MARK: Canonical definitions

    static func checkCanon(_ canon: Canon, in scope: Scope, at offset: Int) throws(Failure) {
        switch canon {
        case .lift(let coreFunction, let options, let typeIndex):
            let position = try require(typeIndex, .type, in: scope, at: offset)
            guard case .function(let signature) = scope.types[position] else { throw Failure("type \(typeIndex) is not a function type", offset: offset) }
            guard !signature.isAsync, !options.isAsync else { throw Failure("async lifts are not supported", offset: offset) }
            let expected = CanonicalABI.flatten(signature, context: .lift)
            let given = scope.coreFunctions[try require(coreFunction, .core(.function), in: scope, at: offset)]
            guard given == expected else {
                throw Failure("canon lift: core function has type \(given), the canonical ABI needs \(expected)", offset: offset)
            }
            try checkOptions(options, signature: signature, context: .lift, in: scope, at: offset)
            scope.functions.append(signature)
        case .lower(let function, let options):
            let signature = scope.functions[try require(function, .function, in: scope, at: offset)]
            guard !signature.isAsync, !options.isAsync else { throw Failure("async lowers are not supported", offset: offset) }
            try checkOptions(options, signature: signature, context: .lower, in: scope, at: offset)
            scope.coreFunctions.append(CanonicalABI.flatten(signature, context: .lower))
        case .resourceNew(let index), .resourceRep(let index):
            let identity = try resource(index, in: scope, at: offset)
            guard identity.root.isLocal, identity.root.scope == scope.depth else {
                throw Failure("canon resource.new and resource.rep need a resource type defined by this component", offset: offset)
            }
            // new: representation -> handle; rep: handle -> representation (both i32).
            scope.coreFunctions.append(FuncType(params: [.i32], results: [.i32]))
        case .resourceDrop(let index):
            _ = try resource(index, in: scope, at: offset)
            scope.coreFunctions.append(FuncType(params: [.i32], results: []))
        case .builtin(let opcode):
            throw Failure("canonical built-in 0x\(String(opcode, radix: 16)) is not supported", offset: offset)
        }
    }

    static func checkOptions(
        _ options: CanonicalOptions, signature: FunctionSignature, context: CanonicalABI.Context, in scope: Scope, at offset: Int
    ) throws(Failure) {
        if let memory = options.memory { _ = try require(memory, .core(.memory), in: scope, at: offset) }
        let needs = CanonicalABI.needs(signature, context: context)
        if needs.memory, options.memory == nil { throw Failure("canonical option `memory` is required", offset: offset) }
        if let realloc = options.realloc {
            guard options.memory != nil else { throw Failure("canonical option `realloc` requires `memory`", offset: offset) }
            let type = scope.coreFunctions[try require(realloc, .core(.function), in: scope, at: offset)]
            guard type == FuncType(params: [.i32, .i32, .i32, .i32], results: [.i32]) else {
                throw Failure("canonical option `realloc` must have type [i32 i32 i32 i32] -> [i32]", offset: offset)
            }
        } else if needs.realloc {
            throw Failure("canonical option `realloc` is required", offset: offset)
        }
        if let postReturn = options.postReturn {
            guard context == .lift else { throw Failure("canonical option `post-return` is only allowed on lifts", offset: offset) }
            let type = scope.coreFunctions[try require(postReturn, .core(.function), in: scope, at: offset)]
            let results = CanonicalABI.flatten(signature, context: .lift).results
            guard type == FuncType(params: results, results: []) else {
                throw Failure("canonical option `post-return` must take the lifted function's core results and return nothing", offset: offset)
            }
        }
        if options.callback != nil { throw Failure("canonical option `callback` needs async, which is not supported", offset: offset) }
    }
}
