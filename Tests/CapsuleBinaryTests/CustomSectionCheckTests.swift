import XCTest
import CapsuleBinary
import CapsuleText

/// `Module.customSectionIssues()`: the checks of the `name` and branch hint custom sections.
final class CustomSectionCheckTests: XCTestCase {
    func issues(_ text: String) throws -> [CustomSectionIssue] {
        try Module(decoding: try TextFormat.wasm(fromWAT: text)).customSectionIssues()
    }

    /// A module with one function (index 0, body locals `01 01 7f`, `local.get 0` at 3, `if` at 5)
    /// and a hand-written branch hint section with `hints` (a vector of one function's hints).
    func hinted(function: UInt8 = 0, _ hints: [UInt8]) throws -> [CustomSectionIssue] {
        var payload: [UInt8] = [UInt8("metadata.code.branch_hint".utf8.count)] + Array("metadata.code.branch_hint".utf8)
        payload += [1, function] + hints
        let plain = try TextFormat.wasm(fromWAT: "(module (func (param i32) (local i32) local.get 0 if end))")
        // Custom sections may stand anywhere: append it.
        let bytes = plain + [0, UInt8(payload.count)] + payload
        return try Module(decoding: bytes).customSectionIssues()
    }

    func testValidSectionsHaveNoIssues() throws {
        XCTAssertEqual(try issues("""
            (module (func $f (param i32) (local i32)
              local.get 0 (@metadata.code.branch_hint "\\00") if end
              local.get 0 (@metadata.code.branch_hint "\\01") br_if 0))
            """), [])
        XCTAssertEqual(try hinted([1, 5, 1, 1]), [])
    }

    func testHintOnANonBranchIsInvalid() throws {
        let found = try issues("""
            (module (func (param i32) (result i32) local.get 0 (@metadata.code.branch_hint "\\01") i32.eqz))
            """)
        XCTAssertEqual(found.map(\.kind), [.invalid])
        XCTAssertEqual(try hinted([1, 3, 1, 1]).map(\.kind), [.invalid], "local.get")
        XCTAssertEqual(try hinted([1, 4, 1, 1]).map(\.kind), [.invalid], "inside an instruction")
        XCTAssertEqual(try hinted([1, 60, 1, 1]).map(\.kind), [.invalid], "past the body")
    }

    func testBadFunctionAndOrderAreInvalid() throws {
        XCTAssertEqual(try hinted(function: 1, [1, 5, 1, 1]).map(\.message), ["unknown function 1"])
        XCTAssertEqual(try hinted([2, 5, 1, 1, 5, 1, 0]).map(\.message), ["hint offsets out of order"])
    }

    func testMalformedHints() throws {
        XCTAssertEqual(try hinted([1, 5, 2, 1, 1]).map(\.kind), [.malformed], "length 2")
        XCTAssertEqual(try hinted([1, 5, 1, 2]).map(\.kind), [.malformed], "value 2")
        XCTAssertEqual(try hinted([1, 5, 1]).map(\.kind), [.malformed], "truncated")
        XCTAssertEqual(try hinted([1, 5, 1, 1, 9]).map(\.kind), [.malformed], "trailing byte")
    }

    func testMalformedNameSection() throws {
        let plain = try TextFormat.wasm(fromWAT: "(module)")
        let payload: [UInt8] = [4] + Array("name".utf8) + [1, 9, 0]
        let found = try Module(decoding: plain + [0, UInt8(payload.count)] + payload).customSectionIssues()
        XCTAssertEqual(found.map(\.section), ["name"])
    }
}
