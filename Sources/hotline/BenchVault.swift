import HotlineCore
import Synchronization

/// The attachment vault of `bench-forms` and `bench-feedback`: the bytes kept in memory. What those
/// benchmarks time is the forms and the return path, not the disk (each attachment in the real
/// vault is a file written and fsync'ed: `hotline bench` times that, on the embedded default).
final class BenchVault: AttachmentVault {
    private let files = Mutex<[String: [UInt8]]>([:])

    func put(_ bytes: [UInt8], storedName: String) throws {
        files.withLock { $0[storedName] = bytes }
    }

    func get(_ storedName: String) throws -> [UInt8]? {
        files.withLock { $0[storedName] }
    }
}
