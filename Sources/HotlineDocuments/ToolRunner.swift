import Foundation

/// Runs a command-line tool on files in a private work folder: no shell, a deadline, output kept.
///
/// For reading documents that strangers send (fax scans): the tool is found on a fixed search path
/// and run by its absolute path, with a small fixed environment (`HOME` and `TMPDIR` inside the work
/// folder, `C` locale, ImageMagick's resource limits for zbarimg) and absolute paths into the work
/// folder as arguments; standard output and error go to files there and are read back with a cap. The child
/// and its process group are killed when the deadline passes (`ChildProcess`).
struct ToolRunner: Sendable {
    /// What one run gave.
    struct Run: Sendable {
        var status: Int32
        /// Standard output, at most `outputLimit` bytes.
        var output: [UInt8]
        /// The tool printed more than `outputLimit` bytes: `output` is its beginning only.
        var outputCut = false
        /// Standard error as text, at most 2,000 characters.
        var errors: String
    }

    /// Why a tool gave no `Run`.
    enum Failure: Error, Equatable {
        case missing(tool: String)
        case timedOut(tool: String, seconds: Int)
        case launch(tool: String, message: String)
    }

    /// Folders searched for tools, in order.
    var searchPath: [String]
    /// Seconds one run may take.
    var timeout: Int
    /// Bytes of standard output kept.
    var outputLimit: Int

    init(searchPath: [String]? = nil, timeout: Int = 30, outputLimit: Int = 1 << 20) {
        self.searchPath = searchPath ?? Self.defaultSearchPath()
        self.timeout = timeout
        self.outputLimit = outputLimit
    }

    /// `PATH` of this process, then the system folders.
    static func defaultSearchPath() -> [String] {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        var dirs = path.split(separator: ":").map(String.init).filter { $0.hasPrefix("/") }
        for dir in ["/usr/local/bin", "/usr/bin", "/bin"] where !dirs.contains(dir) { dirs.append(dir) }
        return dirs
    }

    /// The absolute path of `tool`, or nil.
    func path(of tool: String) -> String? {
        for dir in searchPath {
            let candidate = "\(dir)/\(tool)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// The environment a tool gets: nothing of ours but the search path.
    func environment(work: URL) -> [String] {
        [
            "PATH=\(searchPath.joined(separator: ":"))",
            "LC_ALL=C",
            "HOME=\(work.path)",
            "TMPDIR=\(work.path)",
            // zbarimg reads pictures through ImageMagick: its scratch files in the work folder, and
            // limits below Debian's policy.xml so that a picture bomb fails fast.
            "MAGICK_TEMPORARY_PATH=\(work.path)",
            "MAGICK_THREAD_LIMIT=1",
            "MAGICK_MEMORY_LIMIT=256MiB",
            "MAGICK_MAP_LIMIT=512MiB",
            "MAGICK_DISK_LIMIT=1GiB",
            "MAGICK_AREA_LIMIT=64MP",
            "MAGICK_WIDTH_LIMIT=12000",
            "MAGICK_HEIGHT_LIMIT=12000",
            "MAGICK_TIME_LIMIT=\(timeout)",
        ]
    }

    /// Runs `tool` with `arguments` in `work`; the output files are named after `label`. `timeout`
    /// (seconds) shortens the deadline, e.g. to what is left of a message's scanning budget.
    func run(_ tool: String, _ arguments: [String], in work: URL, label: String, timeout: Int? = nil) throws(Failure) -> Run {
        let timeout = timeout.map { min($0, self.timeout) } ?? self.timeout
        guard let executable = path(of: tool) else { throw .missing(tool: tool) }
        let outPath = work.appendingPathComponent("\(label).out").path
        let errPath = work.appendingPathComponent("\(label).err").path
        let outcome: ChildProcess.Outcome
        do {
            outcome = try ChildProcess.run(executable, arguments, outputPath: outPath, errorPath: errPath,
                                           environment: environment(work: work), timeout: timeout)
        } catch {
            throw .launch(tool: tool, message: error.message)
        }
        defer {
            try? FileManager.default.removeItem(atPath: outPath)
            try? FileManager.default.removeItem(atPath: errPath)
        }
        switch outcome {
        case .timedOut:
            throw .timedOut(tool: tool, seconds: timeout)
        case .exited(let status):
            let errors = String(decoding: Self.head(errPath, limit: 8_000), as: UTF8.self)
            let printed = (try? FileManager.default.attributesOfItem(atPath: outPath)[.size] as? Int) ?? 0
            return Run(status: status, output: Self.head(outPath, limit: outputLimit), outputCut: printed > outputLimit,
                       errors: String(errors.prefix(2_000)))
        }
    }

    /// At most `limit` bytes from the start of the file at `path`.
    static func head(_ path: String, limit: Int) -> [UInt8] {
        guard let handle = FileHandle(forReadingAtPath: path) else { return [] }
        defer { try? handle.close() }
        return [UInt8]((try? handle.read(upToCount: limit)) ?? Data())
    }
}
