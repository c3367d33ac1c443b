import Foundation
import XCTest

/// A working folder with a copy of the sample mail (`Tests/Fixtures/sample-inbox/`, the same
/// bytes as the `inbox/` shipped for the main job — which empties it, so tests never read it), and
/// the built `hotline` binary run in it as a user would.
final class CLIWorkspace {
    static let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let samples = repo.path + "/Tests/Fixtures/sample-inbox"

    /// A test's precondition that does not hold: a failure, never a skip.
    struct Failure: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }
    let work: String
    /// The `hotline` run: the built one, or a copy installed on its own elsewhere.
    var binary = CLIWorkspace.binary

    init() throws {
        work = NSTemporaryDirectory() + "hotline-cli-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: work + "/inbox", withIntermediateDirectories: true)
        for name in try FileManager.default.contentsOfDirectory(atPath: Self.samples) where name.hasSuffix(".eml") {
            try FileManager.default.copyItem(atPath: Self.samples + "/" + name, toPath: work + "/inbox/" + name)
        }
    }

    func remove() {
        try? FileManager.default.removeItem(atPath: work)
        if binary != Self.binary { try? FileManager.default.removeItem(atPath: (binary as NSString).deletingLastPathComponent) }
    }

    /// Copies the built binary alone into a folder of its own and runs that from now on: no
    /// checkout, no templates/ beside it (issue 9, item 4).
    func installAlone() throws {
        let folder = NSTemporaryDirectory() + "hotline-alone-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: Self.binary, toPath: folder + "/hotline")
        binary = folder + "/hotline"
    }

    static var binary: String {
        // The test bundle sits beside the products in .build/<config>/.
        let beside = Bundle(for: CLIWorkspace.self).bundleURL.deletingLastPathComponent().appendingPathComponent("hotline").path
        if FileManager.default.isExecutableFile(atPath: beside) { return beside }
        return repo.path + "/.build/debug/hotline"
    }

    /// Runs `hotline ARGS` in the folder; asserts its exit status; returns stdout and stderr.
    @discardableResult
    func run(_ args: [String], status expected: Int32 = 0, file: StaticString = #filePath, line: UInt = #line) throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: binary)
        p.arguments = args
        p.currentDirectoryURL = URL(fileURLWithPath: work)
        let out = Pipe()
        let err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self) + String(decoding: errData, as: UTF8.self)
        XCTAssertEqual(p.terminationStatus, expected, "hotline \(args.joined(separator: " ")):\n\(text)", file: file, line: line)
        return text
    }
}
