import CapsuleBinary
import CapsuleCore
import CapsuleEngine

/// A component function: lifted from a core function of an instance, or defined by the host.
///
/// ```swift
/// let greet = try #require(instance.function("greet"))
/// let reply = try greet.call([.string("Ada")])
/// ```
public final class ComponentFunction: @unchecked Sendable {
    /// Its type.
    public let signature: FunctionSignature
    let body: ([ComponentValue]) throws -> ComponentValue?

    init(signature: FunctionSignature, body: @escaping ([ComponentValue]) throws -> ComponentValue?) {
        self.signature = signature
        self.body = body
    }

    /// Calls the function with one value per parameter; returns its result, if its type has one.
    /// - Throws: ``ComponentCallError`` for arguments that do not fit the type, or a `Trap` from the
    ///   callee or the canonical ABI (an out-of-bounds pointer, invalid UTF-8, an invalid discriminant...).
    public func call(_ arguments: [ComponentValue] = []) throws -> ComponentValue? {
        guard arguments.count == signature.parameters.count else {
            throw ComponentCallError("expected \(signature.parameters.count) argument(s), got \(arguments.count)")
        }
        return try body(arguments)
    }
}

/// A call that cannot be made: wrong arguments, or an import the host did not supply.
public struct ComponentCallError: Error, Sendable, CustomStringConvertible {
    /// What is wrong.
    public var message: String
    /// An error with that message.
    public init(_ message: String) { self.message = message }
    /// The message.
    public var description: String { message }
}

/// An item of a component instance: what its exports and imports are.
public enum ComponentItem: @unchecked Sendable {
    /// A function.
    case function(ComponentFunction)
    /// An instance: its items by name.
    case instance([String: ComponentItem])
    /// A type (resolved; types have no run-time content but resources' identities).
    case type(TypeInfo)
    /// A core module, compiled.
    case coreModule(WasmModule)
    /// A component, not yet instantiated.
    case component(ComponentTemplate)
}

/// A nested component and the instantiation it was defined in (for its outer aliases).
public final class ComponentTemplate: @unchecked Sendable {
    let component: Component
    /// Weak: the instantiation keeps its templates.
    weak var definedIn: Instantiation?
    let staticScope: Scope?

    init(component: Component, definedIn: Instantiation?, staticScope: Scope?) {
        self.component = component
        self.definedIn = definedIn
        self.staticScope = staticScope
    }
}

/// What the host gives a component for its imports.
public enum HostItem {
    /// A function; its type is the import's.
    case function(([ComponentValue]) throws -> ComponentValue?)
    /// An instance of named items.
    case instance([String: HostItem])
    /// A type import (`(import "item" (type (eq $item)))`): the import's own type bound is used.
    case type
}

/// An instantiated component.
public final class ComponentInstance: @unchecked Sendable {
    /// The instance's exports by name.
    public let exports: [String: ComponentItem]
    let root: Instantiation

    init(root: Instantiation) {
        self.root = root
        exports = root.exports
    }

    /// The function a command line names: `greet` (exported, or the only function of that name in an
    /// exported instance) or `capsule:demo/greeter@0.1.0#greet`.
    public func function(named name: String) -> ComponentFunction? {
        if let hash = name.lastIndex(of: "#") {
            return function(String(name[name.index(after: hash)...]), in: String(name[..<hash]))
        }
        if let function = function(name) { return function }
        let found = exports.values.compactMap { item -> ComponentFunction? in
            guard case .instance(let items) = item, case .function(let function)? = items[name] else { return nil }
            return function
        }
        return found.count == 1 ? found[0] : nil
    }

    /// The exported function `name` (`"greet"`), or the function `name` of the exported instance
    /// `interface` (`function("greet", in: "capsule:demo/greeter@0.1.0")`).
    public func function(_ name: String, in interface: String? = nil) -> ComponentFunction? {
        if let interface {
            guard case .instance(let items)? = exports[interface], case .function(let function)? = items[name] else { return nil }
            return function
        }
        guard case .function(let function)? = exports[name] else { return nil }
        return function
    }
}

extension ValidatedComponent {
    /// Instantiates the component in `store`, with `imports` supplying what it imports by name.
    ///
    /// ```swift
    /// let instance = try Component(decoding: bytes).validate().instantiate(in: Store(), imports: [:])
    /// ```
    /// `onHostDrop` is called when the component drops an owned handle to a resource the host supplied
    /// (one no instance of the component defines), so that the host can free what the handle stood for.
    /// - Throws: ``ComponentCallError`` for a missing or mismatched import; a `Trap` from a core start function.
    public func instantiate(in store: Store, imports: [String: HostItem] = [:], onHostDrop: ((ResourceHandle) -> Void)? = nil) throws -> ComponentInstance {
        let instantiation = Instantiation(store: store, parent: nil, staticParent: nil, modules: modules)
        instantiation.destructors.hostDrop = onHostDrop
        var items: [String: ComponentItem] = [:]
        for entry in self.imports {
            guard let given = imports[entry.name] else { throw ComponentCallError("missing import \(entry.name)") }
            items[entry.name] = try Instantiation.hostItem(given, as: entry.info, name: entry.name)
        }
        try instantiation.run(component, imports: items)
        return ComponentInstance(root: instantiation)
    }
}

/// The run-time index spaces of one component instance, filled definition by definition alongside
/// the validator's static ones.
final class Instantiation {
    let store: Store
    /// Weak: the parent keeps its children (`children`), and a strong link back would be a cycle.
    weak var parent: Instantiation?
    let scope: Scope
    let resources = ResourceTable()

    var coreModules: [WasmModule] = []
    var coreInstances: [[String: ExternalValue]] = []
    var coreFunctions: [Function] = []
    var coreMemories: [Memory] = []
    var coreTables: [Table] = []
    var coreGlobals: [CapsuleEngine.Global] = []
    var functions: [ComponentFunction] = []
    var instances: [[String: ComponentItem]] = []
    var components: [ComponentTemplate] = []
    var exports: [String: ComponentItem] = [:]
    /// The nested instances made here, kept alive with this one (their functions refer to them weakly).
    var children: [Instantiation] = []
    /// Destructors of the resources that any instance of this component tree defines, by identity:
    /// a handle may be dropped by another instance than the one that defined its resource.
    let destructors: ResourceRegistry

    init(store: Store, parent: Instantiation?, staticParent: Scope?, modules: CoreModuleCache? = nil, destructors: ResourceRegistry = ResourceRegistry()) {
        self.store = store
        self.parent = parent
        self.destructors = destructors
        scope = Scope(parent: staticParent, isType: false, modules: modules, trusted: true)
    }

    static func trap(_ message: String) -> Trap { Trap(kind: .host(message), backtrace: []) }

    static func hostItem(_ given: HostItem, as type: ExternInfo, name: String) throws -> ComponentItem {
        switch (given, type) {
        case (.function(let body), .function(let signature)):
            return .function(ComponentFunction(signature: signature, body: body))
        case (.instance(let items), .instance(let instance)):
            var result: [String: ComponentItem] = [:]
            for export in instance.exports {
                switch export.info {
                case .type(let type): result[export.name] = .type(type)
                default:
                    guard let item = items[export.name] else { throw ComponentCallError("import \(name) lacks \(export.name)") }
                    result[export.name] = try hostItem(item, as: export.info, name: "\(name)#\(export.name)")
                }
            }
            return .instance(result)
        case (.type, .type(let type)):
            return .type(type)
        default:
            throw ComponentCallError("import \(name): the host's item does not have the import's kind (\(type.sort))")
        }
    }

    func run(_ component: Component, imports: [String: ComponentItem]) throws {
        for definition in component.definitions {
            do throws(ComponentValidationError) {
                try ComponentChecker.check(definition, in: scope)
            } catch {
                throw ComponentCallError("invalid component: \(error)")
            }
            try apply(definition, imports: imports)
            substituteRunTimeTypes(after: definition, imports: imports)
        }
    }

    /// A type import names whatever type was supplied, and an instance's types are those of the items it
    /// really has: the validator's fresh resource identities are replaced by the ones handles carry.
    func substituteRunTimeTypes(after definition: ComponentDefinition, imports: [String: ComponentItem]) {
        switch definition {
        case .import(let entry, _):
            switch imports[entry.name] {
            case .type(let given)?:
                if !scope.types.isEmpty { scope.types[scope.types.count - 1] = given }
                reveal(.type(given))
            case .instance(let items)?:
                if let last = scope.instances.indices.last {
                    scope.instances[last] = Self.merge(scope.instances[last], items)
                    reveal(.instance(scope.instances[last]))
                }
            default: break
            }
        case .instance:
            if let last = scope.instances.indices.last, let items = instances.last {
                scope.instances[last] = Self.merge(scope.instances[last], items)
            }
        default:
            break
        }
    }

    /// The supplied resources stand where the import's placeholders stood, for the visibility rule too.
    func reveal(_ info: ExternInfo) {
        for identity in ComponentChecker.introducedResources(info) { scope.visibleResources.insert(ObjectIdentifier(identity)) }
    }

    static func merge(_ info: InstanceInfo, _ items: [String: ComponentItem]) -> InstanceInfo {
        var merged = info
        for (i, export) in merged.exports.enumerated() {
            switch items[export.name] {
            case .type(let type)?: merged.exports[i].info = .type(type)
            case .function(let function)?: merged.exports[i].info = .function(function.signature)
            case .instance(let nested)?:
                if case .instance(let nestedInfo) = export.info { merged.exports[i].info = .instance(merge(nestedInfo, nested)) }
            default: break
            }
        }
        return merged
    }

    func add(_ item: ComponentItem) {
        switch item {
        case .function(let function): functions.append(function)
        case .instance(let items): instances.append(items)
        case .type: break
        case .coreModule(let module): coreModules.append(module)
        case .component(let template): components.append(template)
        }
    }

    func addCore(_ value: ExternalValue) {
        switch value {
        case .function(let function): coreFunctions.append(function)
        case .memory(let memory): coreMemories.append(memory)
        case .table(let table): coreTables.append(table)
        case .global(let global): coreGlobals.append(global)
        default: break
        }
    }

    func item(_ index: SortIndex) throws -> ComponentItem {
        let i = Int(index.index)
        switch index.sort {
        case .function: return .function(functions[i])
        case .instance: return .instance(instances[i])
        case .type: return .type(scope.types[i])
        case .component: return .component(components[i])
        case .core(.module): return .coreModule(coreModules[i])
        default: throw Self.trap("\(index.sort) items are not supported at run time")
        }
    }

    func coreItem(_ index: CoreSortIndex) throws -> ExternalValue {
        let i = Int(index.index)
        switch index.sort {
        case .function: return .function(coreFunctions[i])
        case .memory: return .memory(coreMemories[i])
        case .table: return .table(coreTables[i])
        case .global: return .global(coreGlobals[i])
        default: throw Self.trap("core \(index.sort) items are not supported at run time")
        }
    }

    func apply(_ definition: ComponentDefinition, imports: [String: ComponentItem]) throws {
        switch definition {
        case .coreModule(let module, let offset):
            coreModules.append(try scope.modules?.module(at: offset) ?? WasmModule(bytes: module.bytes, features: module.features))
        case .coreInstance(.instantiate(let moduleIndex, let arguments), _):
            var coreImports = Imports()
            for argument in arguments {
                for (name, value) in coreInstances[Int(argument.instance)] { coreImports.define(module: argument.name, name: name, value) }
            }
            let module = coreModules[Int(moduleIndex)]
            let instance = try store.instantiate(module, imports: coreImports)
            var exports: [String: ExternalValue] = [:]
            for export in module.exports { exports[export.name] = instance.export(export.name) }
            coreInstances.append(exports)
        case .coreInstance(.exports(let items), _):
            var exports: [String: ExternalValue] = [:]
            for (name, item) in items { exports[name] = try coreItem(item) }
            coreInstances.append(exports)
        case .coreType:
            break
        case .component(let nested):
            components.append(ComponentTemplate(component: nested, definedIn: self, staticScope: scope))
        case .instance(.instantiate(let componentIndex, let arguments), _):
            let template = components[Int(componentIndex)]
            var given: [String: ComponentItem] = [:]
            for argument in arguments { given[argument.name] = try item(argument.item) }
            let nested = Instantiation(store: store, parent: template.definedIn, staticParent: template.staticScope, destructors: destructors)
            try nested.run(template.component, imports: given)
            children.append(nested)
            instances.append(nested.exports)
        case .instance(.exports(let items), _):
            var exports: [String: ComponentItem] = [:]
            for (name, index) in items { exports[name] = try item(index) }
            instances.append(exports)
        case .alias(.instanceExport(_, let instanceIndex, let name), _):
            guard let item = instances[Int(instanceIndex)][name] else { throw Self.trap("instance has no export \(name)") }
            add(item)
        case .alias(.coreInstanceExport(_, let instanceIndex, let name), _):
            guard let value = coreInstances[Int(instanceIndex)][name] else { throw Self.trap("core instance has no export \(name)") }
            addCore(value)
        case .alias(.outer(let sort, let count, let index), _):
            var target: Instantiation? = self
            for _ in 0..<count { target = target?.parent }
            switch sort {
            case .component:
                guard let target else { throw Self.trap("outer alias past the outermost component") }
                components.append(target.components[Int(index)])
            case .core(.module):
                guard let target else { throw Self.trap("outer alias past the outermost component") }
                coreModules.append(target.coreModules[Int(index)])
            default:
                break  // types live in the static scope
            }
        case .type(.resource(_, let destructor), _):
            guard case .resource(let identity)? = scope.types.last else { break }
            destructors.definers[ObjectIdentifier(identity.root)] = resources
            if let destructor { destructors.functions[ObjectIdentifier(identity.root)] = coreFunctions[Int(destructor)] }
        case .type:
            break
        case .canon(let canon, _):
            try applyCanon(canon)
        case .import(let entry, _):
            guard let item = imports[entry.name] else { throw ComponentCallError("missing import \(entry.name)") }
            add(item)
        case .export(let entry, _):
            let exported = try item(entry.item)
            exports[entry.name] = exported
            add(exported)
        }
    }

    func context(_ options: CanonicalOptions) -> CanonicalContext {
        CanonicalContext(
            memory: options.memory.map { coreMemories[Int($0)] },
            realloc: options.realloc.map { coreFunctions[Int($0)] },
            encoding: options.stringEncoding ?? .utf8,
            resources: resources,
            registry: destructors)
    }

    func applyCanon(_ canon: Canon) throws {
        switch canon {
        case .lift(let coreIndex, let options, let typeIndex):
            guard case .function(let signature) = scope.types[Int(typeIndex)] else { throw Self.trap("canon lift of a non-function type") }
            let core = coreFunctions[Int(coreIndex)]
            let postReturn = options.postReturn.map { coreFunctions[Int($0)] }
            let context = context(options)
            let shape = CallShape(signature)
            functions.append(ComponentFunction(signature: signature) { arguments in
                try Self.callLifted(core, shape: shape, context: context, postReturn: postReturn, arguments: arguments)
            })
        case .lower(let functionIndex, let options):
            // The store keeps this host function, and the function reaches memories and functions that
            // keep the store: it looks them up through a weak reference, so no cycle keeps the store alive.
            let signature = functions[Int(functionIndex)].signature
            let type = CanonicalABI.flatten(signature, context: .lower)
            let shape = CallShape(signature)
            coreFunctions.append(Function(store: store, type: type) { [weak self] _, arguments in
                guard let self else { throw Self.trap("the component instance is gone") }
                return try Self.callLowered(self.functions[Int(functionIndex)], shape: shape, context: self.context(options), arguments: arguments)
            })
        case .resourceNew(let typeIndex):
            guard case .resource(let identity) = scope.types[Int(typeIndex)] else { throw Self.trap("not a resource type") }
            let table = resources
            coreFunctions.append(Function(store: store, type: FuncType(params: [.i32], results: [.i32])) { _, arguments in
                guard case .i32(let representation)? = arguments.first else { return [.i32(0)] }
                return [.i32(table.insert(ResourceHandle(resource: identity.root, representation: representation), owned: true))]
            })
        case .resourceRep(let typeIndex):
            guard case .resource(let identity) = scope.types[Int(typeIndex)] else { throw Self.trap("not a resource type") }
            let table = resources
            coreFunctions.append(Function(store: store, type: FuncType(params: [.i32], results: [.i32])) { _, arguments in
                guard case .i32(let index)? = arguments.first else { return [.i32(0)] }
                return [.i32(try table.representation(index, resource: identity))]
            })
        case .resourceDrop(let typeIndex):
            guard case .resource(let identity) = scope.types[Int(typeIndex)] else { throw Self.trap("not a resource type") }
            let table = resources
            let release = releaseFor(identity)
            coreFunctions.append(Function(store: store, type: FuncType(params: [.i32], results: [])) { _, arguments in
                guard case .i32(let index)? = arguments.first else { return [] }
                if let dropped = try table.drop(index, resource: identity) { try release(dropped) }
                return []
            })
        case .builtin(let opcode):
            throw Self.trap("canonical built-in 0x\(String(opcode, radix: 16)) is not supported")
        }
    }

    /// What dropping an owned handle of the resource does: the destructor of the instance that defines
    /// it, or, for a resource the host supplied, the host's drop callback. Looked up through a weak
    /// reference when the handle is dropped: the registry holds core functions, which hold the store
    /// that holds this lookup.
    func releaseFor(_ identity: ResourceIdentity) -> (ResourceHandle) throws -> Void {
        { [weak registry = destructors] handle in
            guard let registry else { return }
            let root = ObjectIdentifier(identity.root)
            if let destructor = registry.functions[root] {
                _ = try destructor.call([.i32(handle.representation)])
            } else if registry.definers[root] == nil {
                registry.hostDrop?(handle)
            }
        }
    }

    /// Where a function's parameters and result travel (core values, or memory past the flat limits),
    /// worked out once per lifted or lowered function rather than on every call.
    struct CallShape {
        let parameterTypes: [ValType]
        let result: ValType?
        let parametersInMemory: Bool
        let resultInMemory: Bool

        init(_ signature: FunctionSignature) {
            parameterTypes = signature.parameters.map(\.type)
            result = signature.result
            parametersInMemory = parameterTypes.flatMap(CanonicalABI.flatten).count > CanonicalABI.maximumFlatParameters
            resultInMemory = (signature.result.map(CanonicalABI.flatten)?.count ?? 0) > CanonicalABI.maximumFlatResults
        }
    }

    static func callLifted(
        _ core: Function, shape: CallShape, context: CanonicalContext, postReturn: Function?, arguments: [ComponentValue]
    ) throws -> ComponentValue? {
        let types = shape.parameterTypes
        // Borrows lowered into the callee's table last as long as the call.
        context.resources?.beginBorrowScope()
        defer { context.resources?.endBorrowScope() }
        var coreArguments: [Value] = []
        if !shape.parametersInMemory {
            for (value, type) in zip(arguments, types) { coreArguments += try context.lowerFlat(value, type) }
        } else {
            let tuple = ValType.tuple(types)
            let address = try context.allocate(alignment: CanonicalABI.alignment(tuple), size: CanonicalABI.size(tuple))
            try context.store(.tuple(arguments), tuple, at: address)
            coreArguments = [.i32(UInt32(address))]
        }
        let results = try core.call(coreArguments)
        var value: ComponentValue?
        if let resultType = shape.result {
            if !shape.resultInMemory {
                var flat = FlatValues(results)
                value = try context.liftFlat(&flat, resultType)
            } else {
                guard case .i32(let address)? = results.first else { throw trap("lifted function returned no pointer") }
                value = try context.load(resultType, at: UInt64(address))
            }
        }
        if let postReturn { _ = try postReturn.call(results) }
        return value
    }

    static func callLowered(_ function: ComponentFunction, shape: CallShape, context: CanonicalContext, arguments: [Value]) throws -> [Value] {
        let types = shape.parameterTypes
        var values: [ComponentValue] = []
        var flat = FlatValues(arguments)
        // Borrows lifted from the caller's table are lent for the duration of the call.
        context.resources?.beginLending()
        defer { context.resources?.endLending() }
        if !shape.parametersInMemory {
            for type in types { values.append(try context.liftFlat(&flat, type)) }
        } else {
            let address = try flat.i32()
            guard case .tuple(let loaded) = try context.load(.tuple(types), at: UInt64(address)) else { throw trap("bad parameter tuple") }
            values = loaded
        }
        let result = try function.call(values)
        guard let resultType = shape.result else { return [] }
        guard let result else { throw trap("the function returned no value") }
        if !shape.resultInMemory {
            return try context.lowerFlat(result, resultType)
        }
        guard case .i32(let out)? = arguments.last else { throw trap("no result pointer") }
        try context.store(result, resultType, at: UInt64(out))
        return []
    }
}

/// What a component tree knows of its resources: their destructors, and the handle table of the
/// instance that defines each (a borrow lowered into that instance is its representation, not a handle).
final class ResourceRegistry: @unchecked Sendable {
    var functions: [ObjectIdentifier: Function] = [:]
    var definers: [ObjectIdentifier: ResourceTable] = [:]
    /// Told of owned handles to host resources as they are dropped.
    var hostDrop: ((ResourceHandle) -> Void)?
}

/// A component instance's handles: indices (from 1) to the resources the instance holds, owned or borrowed.
final class ResourceTable: @unchecked Sendable {
    struct Entry {
        var handle: ResourceHandle
        var owned: Bool
        /// How many borrows of this owned handle are lent out to calls in progress.
        var lends = 0
    }

    private var entries: [Entry?] = [nil]
    private var free: [Int] = []
    /// For each call in progress that lifted borrows from this table, the indices it lent.
    private var lendScopes: [[Int]] = []

    func beginLending() { lendScopes.append([]) }

    func endLending() {
        guard let lent = lendScopes.popLast() else { return }
        for index in lent where index < entries.count { entries[index]?.lends -= 1 }
    }

    /// For each call in progress, the borrowed handles lowered into this table for it.
    private var borrowScopes: [[Int]] = []

    func beginBorrowScope() { borrowScopes.append([]) }

    /// Forgets the borrowed handles the returning call was given (those it did not drop itself).
    func endBorrowScope() {
        guard let given = borrowScopes.popLast() else { return }
        for index in given where index < entries.count && entries[index]?.owned == false {
            entries[index] = nil
            free.append(index)
        }
    }

    func insert(_ handle: ResourceHandle, owned: Bool) -> UInt32 {
        let entry = Entry(handle: handle, owned: owned)
        let index: Int
        if let reused = free.popLast() {
            entries[reused] = entry
            index = reused
        } else {
            entries.append(entry)
            index = entries.count - 1
        }
        if !owned, !borrowScopes.isEmpty { borrowScopes[borrowScopes.count - 1].append(index) }
        return UInt32(index)
    }

    func entry(_ index: UInt32, resource: ResourceIdentity) throws -> Entry {
        guard Int(index) < entries.count, let entry = entries[Int(index)] else { throw Instantiation.trap("unknown handle index \(index)") }
        guard entry.handle.resource.root === resource.root else { throw Instantiation.trap("handle index \(index) is a different resource type") }
        return entry
    }

    /// The handle at `index`, removed when it is an owned one being passed on.
    func take(_ index: UInt32, resource: ResourceIdentity, owned: Bool) throws -> ResourceHandle {
        let entry = try entry(index, resource: resource)
        if owned {
            guard entry.owned else { throw Instantiation.trap("cannot pass a borrowed handle as owned") }
            guard entry.lends == 0 else { throw Instantiation.trap("cannot remove owned resource while borrowed") }
            entries[Int(index)] = nil
            free.append(Int(index))
        } else if entry.owned, !lendScopes.isEmpty {
            entries[Int(index)]?.lends += 1
            lendScopes[lendScopes.count - 1].append(Int(index))
        }
        return entry.handle
    }

    func representation(_ index: UInt32, resource: ResourceIdentity) throws -> UInt32 {
        try entry(index, resource: resource).handle.representation
    }

    /// Removes the handle; returns it when it was owned (its destructor is due).
    func drop(_ index: UInt32, resource: ResourceIdentity) throws -> ResourceHandle? {
        let entry = try entry(index, resource: resource)
        guard entry.lends == 0 else { throw Instantiation.trap("cannot remove owned resource while borrowed") }
        entries[Int(index)] = nil
        free.append(Int(index))
        return entry.owned ? entry.handle : nil
    }
}
