import Foundation
import XCTest

/// Runs the real programs the documents are cross-checked with (xmlsec1, soffice, pdftotext,
/// zbarimg); a test that needs a missing one is skipped with its name — `scripts/test.sh` installs
/// them all, so CI runs every such test.
enum ExternalTool {
    static func which(_ tool: String) -> String? {
        let path = (ProcessInfo.processInfo.environment["PATH"] ?? "") + ":/usr/bin:/bin:/usr/local/bin"
        return path.split(separator: ":").map { "\($0)/\(tool)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    static func require(_ tool: String) throws -> String {
        guard let path = which(tool) else {
            throw XCTSkip("\(tool) is not installed (bash scripts/install-deps.sh test installs it)")
        }
        return path
    }

    /// Runs `tool` in `directory`; returns its status and merged output.
    @discardableResult
    static func run(_ tool: String, _ arguments: [String], in directory: URL) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        process.currentDirectoryURL = directory
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: output, as: UTF8.self))
    }

    static func temporaryDirectory(_ label: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("hotline-\(label)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
