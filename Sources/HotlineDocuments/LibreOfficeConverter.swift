import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Why LibreOffice produced no PDF.
public enum LibreOfficeError: Error, Equatable, Sendable {
    /// No `soffice` on `PATH` (or at the configured path).
    case notInstalled
    /// The conversion ran past the timeout and was killed (with its whole process group).
    case timedOut(seconds: Int, output: String)
    /// soffice exited with a non-zero status; its output.
    case failed(status: Int32, output: String)
    /// soffice exited 0 but wrote no PDF — how a locked or broken profile shows itself.
    case noPDF(output: String)
    /// A temporary file or directory could not be made, or the child could not be started.
    case io(String)
}

/// Converts a document to PDF with LibreOffice in headless mode.
///
/// Each conversion gets its own temporary directory holding the input, the output and its own
/// LibreOffice profile (`-env:UserInstallation=file:///…`): two soffice processes on one profile
/// make the second fail silently (ENVIRONMENT.md "Documents and scans"). The child runs in its
/// own process group so that a timeout kills oosplash *and* soffice.bin, and its output is kept
/// for the error. The directory is removed afterwards.
public struct LibreOfficeConverter: Sendable {
    /// The soffice to run; nil finds `soffice` on `PATH`.
    public var executable: String?
    /// How long one conversion may take, in seconds.
    public var timeout: Int
    /// Where the per-conversion directories go.
    public var temporaryDirectory: URL

    public init(executable: String? = nil, timeout: Int = 60, temporaryDirectory: URL = FileManager.default.temporaryDirectory) {
        self.executable = executable
        self.timeout = timeout
        self.temporaryDirectory = temporaryDirectory
    }

    /// The soffice that would run, or nil when none is installed.
    public func resolvedExecutable() -> String? {
        if let executable { return FileManager.default.isExecutableFile(atPath: executable) ? executable : nil }
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for dir in path.split(separator: ":") where FileManager.default.isExecutableFile(atPath: "\(dir)/soffice") {
            return "\(dir)/soffice"
        }
        return nil
    }

    /// The PDF for `document` (`.odt` bytes unless `fileExtension` says otherwise).
    public func convertToPDF(_ document: [UInt8], fileExtension: String = "odt") throws -> [UInt8] {
        guard let soffice = resolvedExecutable() else { throw LibreOfficeError.notInstalled }
        let work = temporaryDirectory.appendingPathComponent("hotline-soffice-\(UUID().uuidString)", isDirectory: true)
        let output = work.appendingPathComponent("out", isDirectory: true)
        let input = work.appendingPathComponent("form.\(fileExtension)")
        do {
            try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
            try Data(document).write(to: input)
        } catch {
            throw LibreOfficeError.io("cannot prepare \(work.path): \(error)")
        }
        defer { try? FileManager.default.removeItem(at: work) }
        let arguments = [
            "-env:UserInstallation=\(work.appendingPathComponent("profile", isDirectory: true).absoluteString)",
            "--headless", "--norestore", "--nologo", "--nodefault", "--nolockcheck",
            "--convert-to", "pdf", "--outdir", output.path, input.path,
        ]
        let logPath = work.appendingPathComponent("soffice.log").path
        let result = try ChildProcess.run(soffice, arguments, logPath: logPath, timeout: timeout)
        let log = (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
        switch result {
        case .timedOut: throw LibreOfficeError.timedOut(seconds: timeout, output: log)
        case .exited(let status) where status != 0: throw LibreOfficeError.failed(status: status, output: log)
        case .exited: break
        }
        let pdf = output.appendingPathComponent("form.pdf")
        guard let bytes = try? Data(contentsOf: pdf), !bytes.isEmpty else { throw LibreOfficeError.noPDF(output: log) }
        return [UInt8](bytes)
    }
}

/// A child process in its own process group, output to a file, waited for with a deadline.
enum ChildProcess {
    enum Outcome: Equatable { case exited(Int32), timedOut }

    static func run(_ executable: String, _ arguments: [String], logPath: String, timeout: Int) throws -> Outcome {
        var attributes = posix_spawnattr_t()
        var actions = posix_spawn_file_actions_t()
        posix_spawnattr_init(&attributes)
        posix_spawn_file_actions_init(&actions)
        defer {
            posix_spawnattr_destroy(&attributes)
            posix_spawn_file_actions_destroy(&actions)
        }
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP))
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, logPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)

        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid = pid_t()
        let spawned = posix_spawn(&pid, executable, &actions, &attributes, argv, environ)
        guard spawned == 0 else { throw LibreOfficeError.io("cannot start \(executable): errno \(spawned)") }

        let deadline = Date().addingTimeInterval(TimeInterval(timeout))
        var status: Int32 = 0
        while true {
            let waited = waitpid(pid, &status, WNOHANG)
            if waited == pid { break }
            if waited == -1 && errno != EINTR { throw LibreOfficeError.io("waitpid: errno \(errno)") }
            if Date() >= deadline {
                kill(-pid, SIGKILL)  // the whole group: oosplash and soffice.bin
                _ = waitpid(pid, &status, 0)
                return .timedOut
            }
            usleep(20_000)
        }
        kill(-pid, SIGKILL)  // anything of ours the child left behind in its group; ESRCH when none
        // Exited normally: WIFEXITED / WEXITSTATUS, spelled out (the C macros do not import).
        if status & 0x7F == 0 { return .exited((status >> 8) & 0xFF) }
        return .exited(128 + (status & 0x7F))
    }
}
