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
        let result: ChildProcess.Outcome
        do {
            result = try ChildProcess.run(soffice, arguments, outputPath: logPath, timeout: timeout)
        } catch {
            throw LibreOfficeError.io(error.message)
        }
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
