import _CryptoExtras
import Foundation
import HotlineDocuments
import XCTest

/// The center's secrets created on first use (the embedded default): several processes starting
/// at once — `hotline run` beside `hotline assign` — end up with one key and one secret, whole.
final class CenterKeysTests: XCTestCase {
    func testProcessesStartingAtOnceShareOneKeyAndOneSecret() throws {
        let dir = NSTemporaryDirectory() + "hotline-keys-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let secrets = ResultBox<[UInt8]>()
        let keys = ResultBox<String>()
        DispatchQueue.concurrentPerform(iterations: 6) { i in
            secrets.add(Result { try CenterKeys.formSecret(path: dir + "/form-secret", create: true) })
            if i < 3 { keys.add(Result { try CenterKeys.signingKey(path: dir + "/center.pem", create: true).pemRepresentation }) }
        }
        let s = try secrets.all.map { try $0.get() }
        XCTAssertEqual(Set(s).count, 1, "one secret for all")
        XCTAssertEqual(s.first?.count, 64)
        let k = try keys.all.map { try $0.get() }
        XCTAssertEqual(Set(k).count, 1, "one signing key for all")
        XCTAssertEqual(try CenterKeys.signingKey(path: dir + "/center.pem", create: false).pemRepresentation, k.first)
        let left = try FileManager.default.contentsOfDirectory(atPath: dir).sorted()
        XCTAssertEqual(left, ["center.pem", "form-secret"], "no half-written file is left behind")
        let mode = try FileManager.default.attributesOfItem(atPath: dir + "/center.pem")[.posixPermissions] as? Int
        XCTAssertEqual(mode, 0o600)
    }
}

/// Results from several threads.
final class ResultBox<T>: @unchecked Sendable {
    private let lock = NSLock()
    private var results: [Result<T, any Error>] = []
    func add(_ r: Result<T, any Error>) { lock.lock(); results.append(r); lock.unlock() }
    var all: [Result<T, any Error>] { lock.lock(); defer { lock.unlock() }; return results }
}
