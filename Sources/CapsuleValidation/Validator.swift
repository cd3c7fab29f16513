import CapsuleCore
import CapsuleBinary

/// An invalid module: the byte offset of the offending construct and the spec's message.
///
/// The message starts with the wording of the specification test suite (`type mismatch`,
/// `unknown local`, `alignment must not be larger than natural`, ...), as the reference
/// interpreter words it: index errors name the index (`unknown memory 0`) and `type mismatch`
/// may be followed by `: ` and details. Compare with the suite's expected text as a prefix.
///
/// ```swift
/// do {
///     _ = try module.validate()
/// } catch {
///     print(error) // "offset 23: type mismatch: expected i32, found f32"
/// }
/// ```
public struct ValidationError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Byte offset in the module: the instruction inside a function body, the constant
    /// expression or segment, or the start of the section for imports, exports and the start function.
    public var offset: Int
    /// The message, using the specification test suite's wording (`type mismatch`, `unknown local`, ...).
    public var message: String

    /// Creates an error with a message and the byte offset it applies to.
    public init(_ message: String, offset: Int) {
        self.message = message
        self.offset = offset
    }

    /// `offset N: message`.
    public var description: String { "offset \(offset): \(message)" }
}

/// Facts about one defined function's body, found while validating it.
///
/// They let a compiler size its frames without a second pass over the body.
public struct FunctionFacts: Sendable, Hashable {
    /// Largest number of operands on the stack at any point of the body (locals not included).
    public var maxOperandStackHeight: Int
    /// Deepest nesting of control frames; the function's own frame counts as 1.
    public var maxControlDepth: Int
    /// Number of locals, parameters included.
    public var localCount: Int

    /// Creates the facts of one body.
    public init(maxOperandStackHeight: Int, maxControlDepth: Int, localCount: Int) {
        self.maxOperandStackHeight = maxOperandStackHeight
        self.maxControlDepth = maxControlDepth
        self.localCount = localCount
    }
}

/// A module that passed validation. Only a validator can make one.
///
/// Besides the module it carries cheap facts the validator computed anyway; they say nothing
/// about how the module will be executed.
public struct ValidatedModule: Sendable {
    /// The validated module.
    public let module: Module
    /// Type index of every function in the function index space (imports first).
    public let functionTypeIndices: [UInt32]
    /// Facts about each defined function's body, in the order of ``Module/codes``.
    public let functionFacts: [FunctionFacts]
    /// The canonical type ID (``TypeRegistry``) of each type index.
    public let canonicalTypeIDs: [Int]
    private let declaredFunctions: FunctionIndexSet

    init(module: Module, functionTypeIndices: [UInt32], functionFacts: [FunctionFacts], canonicalTypeIDs: [Int],
         declaredFunctions: FunctionIndexSet) {
        self.module = module
        self.functionTypeIndices = functionTypeIndices
        self.functionFacts = functionFacts
        self.canonicalTypeIDs = canonicalTypeIDs
        self.declaredFunctions = declaredFunctions
    }

    /// A value type of the module in canonical form: a concrete heap type's type index becomes its
    /// canonical ID (every index of a validated module is in range).
    public func canonical(_ type: ValueType) -> ValueType {
        guard let heap = type.heapType, let index = heap.typeIndex, Int(index) < canonicalTypeIDs.count else { return type }
        return .ref(.canonical(canonicalTypeIDs[Int(index)]), nullable: type.isNullable)
    }

    /// A heap type of the module in canonical form.
    public func canonical(_ heap: HeapType) -> HeapType {
        guard let index = heap.typeIndex, Int(index) < canonicalTypeIDs.count else { return heap }
        return .canonical(canonicalTypeIDs[Int(index)])
    }

    /// Whether function `index` is *declared* (the spec's `C.refs`): named by an element segment,
    /// an export or a constant expression, so that `ref.func` may refer to it in a function body.
    public func isDeclaredFunctionReference(_ index: UInt32) -> Bool {
        declaredFunctions.contains(index)
    }
}

extension Module {
    /// Validates the module per the WebAssembly 2.0 validation algorithm, every function body included.
    ///
    /// ```swift
    /// let module = try Module(decoding: bytes)
    /// let validated = try module.validate()
    /// ```
    /// - Returns: the module with facts gathered during validation.
    /// - Throws: ``ValidationError`` for the first rule the module breaks, with its offset.
    public func validate() throws(ValidationError) -> ValidatedModule {
        let context = try ModuleContext(module: self)
        try validateDeclarations(context)
        let facts = try validateFunctionBodies(context)
        try validateStartAndExports(context)
        if !features.contains(.multiMemory), context.memories.count > 1 {
            throw ValidationError("multiple memories", offset: SectionLocator.offset(of: .memory, in: bytes))
        }
        return ValidatedModule(
            module: self, functionTypeIndices: context.functionTypeIndices, functionFacts: facts,
            canonicalTypeIDs: context.canonicalIDs, declaredFunctions: context.declaredFunctions)
    }

    /// Checks every function body. A large module's bodies are checked on several threads, in chunks
    /// of consecutive functions, each with its own ``FunctionValidator``; the error reported is the
    /// one in the earliest function, as a sequential check would find it (``ChunkedWork``).
    func validateFunctionBodies(_ context: ModuleContext) throws(ValidationError) -> [FunctionFacts] {
        guard functions.count == codes.count else {
            throw ValidationError(
                "function and code section have inconsistent lengths", offset: SectionLocator.offset(of: .code, in: bytes))
        }
        return try ChunkedWork.map(count: codes.count) { (range) throws(ValidationError) in try validateBodies(range, context) }
    }

    /// Checks the bodies of the functions in `range` (indices into the code section) in order.
    func validateBodies(_ range: Range<Int>, _ context: ModuleContext) throws(ValidationError) -> [FunctionFacts] {
        var validator = FunctionValidator(context: context)
        var facts: [FunctionFacts] = []
        facts.reserveCapacity(range.count)
        for index in range {
            facts.append(try validator.validate(body: codes[index], typeIndex: functions[index], bytes: bytes))
        }
        return facts
    }
}
