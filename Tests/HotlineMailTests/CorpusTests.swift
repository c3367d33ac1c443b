import Foundation
import XCTest
@testable import HotlineMail

/// Runs the real-world corpus (`../shared/corpus/mime`) and compares with CPython's results
/// through the corpus's own `compare_expected.py` (README "Comparing").
final class CorpusTests: XCTestCase {
    /// `<repo>/../shared/corpus/mime`, found from this file's location.
    static var corpusURL: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("shared/corpus/mime")
    }

    static func corpusFiles() throws -> [String] {
        let root = corpusURL.path
        guard FileManager.default.fileExists(atPath: root + "/README.md") else {
            throw XCTSkip("corpus not found at \(root)")
        }
        let all = FileManager.default.enumerator(atPath: root)?.compactMap { $0 as? String } ?? []
        return all.filter { $0.hasSuffix(".eml") }.sorted()
    }

    func testCorpusMatchesCPython() throws {
        let files = try Self.corpusFiles()
        let root = Self.corpusURL.path
        let compare = Self.corpusURL.deletingLastPathComponent().appendingPathComponent("tools/compare_expected.py").path
        let tmp = FileManager.default.temporaryDirectory.appendingPathComponent("hotline-corpus-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: tmp) }
        var slowest = (name: "", seconds: 0.0)
        for rel in files {
            guard let data = FileManager.default.contents(atPath: root + "/" + rel) else { continue }
            let raw = [UInt8](data)
            let start = Date()
            let message = MailParser.parse(raw)
            let json = MessageInspection.json(for: message, raw: raw)
            let seconds = Date().timeIntervalSince(start)
            if seconds > slowest.seconds { slowest = (rel, seconds) }
            XCTAssertLessThan(seconds, 2.0, "\(rel) took \(seconds) s")
            let out = tmp.appendingPathComponent(rel)
            try FileManager.default.createDirectory(at: out.deletingLastPathComponent(), withIntermediateDirectories: true)
            try json.write(to: URL(fileURLWithPath: out.path + ".actual.json"))
            try FileManager.default.createSymbolicLink(atPath: out.path + ".expected.json",
                                                       withDestinationPath: root + "/" + rel + ".expected.json")
        }
        print("corpus: slowest message \(slowest.name) \(String(format: "%.4f", slowest.seconds)) s")

        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", compare, "--dir", tmp.path]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = Pipe()
        do { try process.run() } catch { throw XCTSkip("python3 not available: \(error)") }
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()

        var hard: [String: [String]] = [:]
        for line in output.split(separator: "\n") where line.hasPrefix("HARD\t") {
            let cols = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard cols.count >= 3 else { continue }
            let name = cols[1].replacingOccurrences(of: tmp.path + "/", with: "")
                .replacingOccurrences(of: ".expected.json", with: "")
            hard[name, default: []].append(cols[2...].joined(separator: " ").prefix(240).description)
        }
        let clean = files.count - hard.count
        let ratio = Double(clean) / Double(max(files.count, 1))
        print("corpus: \(clean)/\(files.count) messages without hard differences (\(String(format: "%.1f", ratio * 100))%)")
        for (name, reasons) in hard.sorted(by: { $0.key < $1.key }) {
            print("  HARD \(name)")
            for r in reasons { print("       \(r)") }
        }
        XCTAssertGreaterThanOrEqual(ratio, 0.97, "too many messages with hard differences")
    }

    /// Every corpus message parses; leaves, text and attachments can be computed.
    func testCorpusAccessorsDoNotCrash() throws {
        let files = try Self.corpusFiles()
        for rel in files {
            guard let data = FileManager.default.contents(atPath: Self.corpusURL.path + "/" + rel) else { continue }
            let message = MailParser.parse([UInt8](data))
            _ = message.bodyText
            _ = message.attachments
            for leaf in message.leaves() { _ = leaf.part.text(); _ = leaf.part.decodedBody() }
        }
    }
}
