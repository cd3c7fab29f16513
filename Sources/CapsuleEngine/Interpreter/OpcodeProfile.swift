#if CAPSULE_OPCOUNT
import Foundation

/// Engine development aid, compiled in only with `-Xswiftc -DCAPSULE_OPCOUNT`: counts every
/// dispatched instruction and every pair of consecutive instructions, and prints the commonest
/// to standard error when the process exits.
enum OpcodeProfile {
    nonisolated(unsafe) static let counts: UnsafeMutablePointer<UInt64> = {
        let pointer = UnsafeMutablePointer<UInt64>.allocate(capacity: 512 * 513)
        pointer.initialize(repeating: 0, count: 512 * 513)
        atexit { OpcodeProfile.report() }
        return pointer
    }()
    nonisolated(unsafe) static var previous = 0

    @inline(__always)
    static func record(_ op: Op) {
        let raw = Int(op.rawValue)
        counts[raw] &+= 1
        counts[512 + previous * 512 + raw] &+= 1
        previous = raw
    }

    static func report() {
        var total: UInt64 = 0
        var singles: [(UInt64, String)] = []
        var pairs: [(UInt64, String)] = []
        for raw in 0..<512 where counts[raw] > 0 {
            total &+= counts[raw]
            singles.append((counts[raw], "\(Op(rawValue: UInt16(raw)).map { "\($0)" } ?? "?")"))
        }
        for a in 0..<512 {
            for b in 0..<512 where counts[512 + a * 512 + b] > 0 {
                let name = { (raw: Int) in Op(rawValue: UInt16(raw)).map { "\($0)" } ?? "?" }
                pairs.append((counts[512 + a * 512 + b], "\(name(a)) -> \(name(b))"))
            }
        }
        var text = "dispatched: \(total)\n"
        for (count, name) in singles.sorted(by: { $0.0 > $1.0 }).prefix(40) {
            text += String(format: "%6.2f%% ", Double(count) * 100 / Double(total)) + name + "\n"
        }
        text += "pairs:\n"
        for (count, name) in pairs.sorted(by: { $0.0 > $1.0 }).prefix(40) {
            text += String(format: "%6.2f%% ", Double(count) * 100 / Double(total)) + name + "\n"
        }
        FileHandle.standardError.write(text.data(using: .utf8)!)
    }
}
#endif
