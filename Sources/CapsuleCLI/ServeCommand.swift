import ArgumentParser
import CapsuleComponent
import CapsuleEngine
import CapsuleServe
import CapsuleWASI
import Foundation

/// `capsule serve [OPTIONS] FILE`: serves HTTP with a `wasi:http/proxy` component.
struct ServeCommand: ConsoleCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve HTTP/1.1 with a wasi:http/proxy component (WASI 0.2).",
        discussion: """
            Every request runs in a fresh instance of the component, in its own store, on one of \
            --workers threads; a request sees nothing another left behind. The component's \
            `wasi:http/incoming-handler` gets the request as soon as its head is in; the body streams \
            in as the guest reads it (a declared length past --max-request-body gets 413), and the \
            response streams back as the guest writes it. A guest that traps, \
            exceeds --fuel or --timeout, or returns without a response gets its client a 500, logged on \
            standard error; when the head was already sent, the connection is closed mid-body. Outgoing \
            requests (`wasi:http/outgoing-handler`, plain HTTP) go only to the destinations given \
            with --allow-http; any other is denied with HTTP-request-denied.

            One access-log line per request, in the Common Log Format, goes to standard error (or \
            --access-log FILE, or nowhere with --access-log none). The guest's standard output and \
            error are the server's.

            Examples:
              capsule serve service.wasm
              capsule serve --addr 127.0.0.1:0 --timeout 2 --max-memory 64M service.wasm
              capsule serve --env GREETING=hi --fuel 100000000 --access-log access.log service.wasm
              capsule serve --allow-http api.internal:8081 gateway.wasm
            """
    )

    @Argument(help: "The component (.wasm) exporting wasi:http/incoming-handler.")
    var file: String

    @Option(help: ArgumentHelp("Where to listen; port 0 picks a free one (printed).", valueName: "HOST:PORT"))
    var addr = "127.0.0.1:8080"

    @OptionGroup
    var directories: DirectoryOptions

    @OptionGroup
    var environment: EnvironmentOptions

    @Option(name: .customLong("max-memory"), help: ArgumentHelp("Largest linear memory of each request's instance (K, M or G suffixes).", valueName: "SIZE"))
    var maxMemory: String?

    @Option(help: ArgumentHelp("Each request's instruction budget; running out is a 500.", valueName: "N"))
    var fuel: String?

    @Option(help: ArgumentHelp("Seconds each request's guest may run; past them it is interrupted (a 500).", valueName: "SECONDS"))
    var timeout: String?

    @Option(name: .customLong("max-request-body"), help: ArgumentHelp("Largest request body accepted (K, M or G suffixes): a larger content-length gets 413, a longer chunked body ends in a read error for the guest.", valueName: "SIZE"))
    var maxRequestBody = "16M"

    @Option(help: ArgumentHelp("How each request's code runs: interpreter (the default: a request's instance is new, so compiling to machine code is rarely repaid), native, or auto.", valueName: "TIER"))
    var tier = "interpreter"

    @Option(help: ArgumentHelp("Threads running guests (default: the number of cores).", valueName: "N"))
    var workers: Int?

    @Option(name: .customLong("allow-http"), help: ArgumentHelp("Let the guest's outgoing HTTP requests (wasi:http/outgoing-handler) go to this destination; repeatable. Every other one is denied.", valueName: "HOST[:PORT]"))
    var allowHTTP: [String] = []

    @Option(name: .customLong("access-log"), help: ArgumentHelp("Where access-log lines go: a file (appended), - for standard output, none for nowhere (default: standard error).", valueName: "FILE"))
    var accessLog: String?

    func execute(console: Console) -> Int32 {
        let server: ComponentServer
        do {
            server = try makeServer(console: console)
        } catch let problem as FileProblem {
            console.writeError("capsule: \(problem)\n")
            return 1
        } catch let problem as RunProblem {
            console.writeError("capsule: \(problem.message)\n")
            return CapsuleCommand.usageStatus
        } catch {
            console.writeError("capsule: \(error)\n")
            return 1
        }
        Self.keepFreedMemory()
        let port: Int
        do {
            port = try server.start()
        } catch {
            console.writeError("capsule: cannot listen on \(addr): \(error)\n")
            return 1
        }
        let host = addr[..<(addr.lastIndex(of: ":") ?? addr.endIndex)]
        console.writeError("Serving HTTP on http://\(host):\(port)/\n")
        do {
            try server.wait()
        } catch {
            console.writeError("capsule: \(error)\n")
            return 1
        }
        return 0
    }

    /// Every request makes and frees a store. glibc's allocator would hand the freed memory back to the
    /// kernel and fault fresh zeroed pages in for the next request; raising its trim and mmap thresholds
    /// keeps it for reuse (measured: see Docs/RATIONALE.md, "capsule serve").
    static func keepFreedMemory() {
        #if os(Linux)
        typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mallopt") else { return }
        let mallopt = unsafeBitCast(symbol, to: Mallopt.self)
        _ = mallopt(-1, 1 << 30)  // M_TRIM_THRESHOLD
        _ = mallopt(-3, 1 << 25)  // M_MMAP_THRESHOLD
        #endif
    }

    /// Parses the flags, validates the component and makes the server (not yet listening).
    func makeServer(console: Console) throws -> ComponentServer {
        var configuration = ServeConfiguration()
        guard let colon = addr.lastIndex(of: ":"), let port = Int(addr[addr.index(after: colon)...]), (0...65535).contains(port) else {
            throw RunProblem("--addr \(addr): expected HOST:PORT, such as 127.0.0.1:8080")
        }
        configuration.host = String(addr[..<colon]).trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        configuration.port = port
        if let maxMemory {
            guard let bytes = LimitParsing.byteSize(maxMemory) else { throw RunProblem("--max-memory \(maxMemory): expected a size such as 64M") }
            configuration.limits.maxMemoryPages = Int(clamping: bytes / 65536)
            configuration.limits.maxGCHeapBytes = Int(clamping: bytes)
        }
        guard let chosenTier = ExecutionTier(rawValue: tier) else { throw RunProblem("--tier \(tier): expected interpreter, native or auto") }
        configuration.limits.tier = chosenTier
        if let fuel {
            guard let units = UInt64(fuel) else { throw RunProblem("--fuel \(fuel): expected a whole number of fuel units") }
            configuration.limits.fuel = units
        }
        if let timeout {
            guard let seconds = LimitParsing.seconds(timeout), seconds > 0 else { throw RunProblem("--timeout \(timeout): expected a number of seconds") }
            configuration.timeout = seconds
        }
        guard let body = LimitParsing.byteSize(maxRequestBody), body <= UInt64(Int32.max) else {
            throw RunProblem("--max-request-body \(maxRequestBody): expected a size such as 16M")
        }
        configuration.maxRequestBody = Int(body)
        if let workers {
            guard (1...1024).contains(workers) else { throw RunProblem("--workers \(workers): expected 1 to 1024") }
            configuration.workers = workers
        }
        let shared = SharedConsole(console)
        for destination in allowHTTP where destination.isEmpty || destination.contains("/") {
            throw RunProblem("--allow-http \(destination): expected HOST or HOST:PORT")
        }
        configuration.allowedOutgoing = allowHTTP
        configuration.accessLog = try logSink(console: shared)
        configuration.errorLog = { line in shared.writeError(line) }

        let bytes = try ModuleFile.binary(at: file)
        guard Component.isComponent(bytes) else {
            throw FileProblem(path: file, message: "a core module, not a component: capsule serve needs a wasi:http/proxy component")
        }
        let validated = try ModuleFile.validateComponent(bytes, path: file)
        guard validated.exports.contains(where: { $0.name.hasPrefix("wasi:http/incoming-handler@") || $0.name == "wasi:http/incoming-handler" }) else {
            throw FileProblem(path: file, message: "the component exports no wasi:http/incoming-handler: it is not an HTTP proxy")
        }
        let environment = try self.environment.resolved()
        let grants = directories.grants.map { ($0.spec, $0.readOnly) }
        // Open each directory once now, so that a bad --dir is reported before serving.
        for (spec, readOnly) in grants { _ = try RunCommand.preopen(spec, readOnly: readOnly) }
        let arguments = [file]
        return ComponentServer(component: validated, configuration: configuration) {
            var wasi = WASIConfiguration(arguments: arguments)
            wasi.environment = environment
            wasi.preopens = try grants.map { try RunCommand.preopen($0.0, readOnly: $0.1) }
            return wasi
        }
    }

    /// Where access-log lines go.
    func logSink(console: SharedConsole) throws -> (@Sendable (String) -> Void)? {
        switch accessLog {
        case nil: return { line in console.writeError(line) }
        case "none"?: return nil
        case "-"?: return { line in console.write(line) }
        case let path?:
            guard let handle = fopen(path, "a") else { throw RunProblem("--access-log \(path): cannot open it: \(String(cString: strerror(errno)))") }
            let file = LogFile(handle)
            return { line in file.append(line) }
        }
    }
}

/// An access-log file, one line per write, from any thread.
final class LogFile: @unchecked Sendable {
    private let handle: UnsafeMutablePointer<FILE>
    private let lock = NSLock()

    init(_ handle: UnsafeMutablePointer<FILE>) { self.handle = handle }

    func append(_ line: String) {
        lock.lock()
        defer { lock.unlock() }
        fputs(line + "\n", handle)
        fflush(handle)
    }
}

/// A console the server's threads write whole lines to, one at a time.
final class SharedConsole: @unchecked Sendable {
    private let console: Console
    private let lock = NSLock()

    init(_ console: Console) { self.console = console }

    func write(_ line: String) {
        lock.lock()
        defer { lock.unlock() }
        console.write(line + "\n")
    }

    func writeError(_ line: String) {
        lock.lock()
        defer { lock.unlock() }
        console.writeError(line + "\n")
    }
}
