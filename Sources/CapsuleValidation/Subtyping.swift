import CapsuleCore

// Subtyping of WebAssembly 3.0 value types, on types in canonical form (concrete heap types are
// canonical IDs of the ``TypeRegistry``; module type indices must have been resolved first).
//
// The four hierarchies: any ⊇ eq ⊇ {i31, struct ⊇ concrete structs, array ⊇ concrete arrays} ⊇ none;
// func ⊇ concrete functions ⊇ nofunc; extern ⊇ noextern; exn ⊇ noexn. Concrete types are also below
// their declared supertypes. The validator's bottom heap type is below everything.

extension TypeRegistry {
    /// Whether `sub` matches `sup`: numbers and vectors only themselves, a reference when its
    /// nullability and heap type both fit.
    @inline(__always)
    public func isSubtype(_ sub: ValueType, _ sup: ValueType) -> Bool {
        if sub == sup { return true }
        guard let a = sub.heapType, let b = sup.heapType else { return false }
        if sub.isNullable && !sup.isNullable { return false }
        return isHeapSubtype(a, b)
    }

    /// Whether heap type `sub` is `sup` or below it.
    public func isHeapSubtype(_ sub: HeapType, _ sup: HeapType) -> Bool {
        if sub == sup || sub == .bottom { return true }
        if sup == .bottom { return false }
        switch (sub.canonicalID, sup.canonicalID) {
        case (let a?, let b?):
            return isSubtype(a, of: b)
        case (let a?, nil):
            switch record(a).kind {
            case 0: return sup == .func
            case 1: return sup == .struct || sup == .eq || sup == .any
            default: return sup == .array || sup == .eq || sup == .any
            }
        case (nil, let b?):
            switch record(b).kind {
            case 0: return sub == .noFunc
            default: return sub == .noAny
            }
        case (nil, nil):
            switch sup {
            case .any: return sub == .eq || sub == .i31 || sub == .struct || sub == .array || sub == .noAny
            case .eq: return sub == .i31 || sub == .struct || sub == .array || sub == .noAny
            case .i31, .struct, .array: return sub == .noAny
            case .func: return sub == .noFunc
            case .extern: return sub == .noExtern
            case .exn: return sub == .noExn
            default: return false
            }
        }
    }

    /// The top of the hierarchy a heap type is in: `func`, `extern`, `any` or `exn` (the bottom
    /// heap type gives itself).
    public func top(of heap: HeapType) -> HeapType {
        if let id = heap.canonicalID { return record(id).kind == 0 ? .func : .any }
        return heap.abstractTop ?? heap
    }

    /// Whether canonical definition `sub` may declare canonical definition `sup` as its supertype
    /// (same kind, and the composite types match: functions contravariant in parameters and
    /// covariant in results, structures by prefix, fields by their mutability).
    public func compositeMatches(_ sub: CompositeType, _ sup: CompositeType) -> Bool {
        switch (sub, sup) {
        case (.func(let a), .func(let b)):
            guard a.params.count == b.params.count, a.results.count == b.results.count else { return false }
            return zip(b.params, a.params).allSatisfy { isSubtype($0, $1) } && zip(a.results, b.results).allSatisfy { isSubtype($0, $1) }
        case (.struct(let a), .struct(let b)):
            guard a.count >= b.count else { return false }
            return zip(a, b).allSatisfy { fieldMatches($0, $1) }
        case (.array(let a), .array(let b)):
            return fieldMatches(a, b)
        default:
            return false
        }
    }

    /// Field subtyping: immutable fields covariant, mutable fields invariant.
    public func fieldMatches(_ sub: FieldType, _ sup: FieldType) -> Bool {
        guard sub.isMutable == sup.isMutable else { return false }
        switch (sub.storage, sup.storage) {
        case (.i8, .i8), (.i16, .i16): return true
        case (.value(let a), .value(let b)): return sub.isMutable ? a == b : isSubtype(a, b)
        default: return false
        }
    }
}
