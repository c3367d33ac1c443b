import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// What a finished child process left: exit status (or the signal that ended it) and its output.
struct LiveRun {
    var status: Int32
    /// True when a signal ended it (then `status` is the signal number).
    var signaled: Bool
    var stdout: String
    var stderr: String
    var seconds: Double
    /// The child's peak resident set (VmHWM) as last sampled while it ran, in KiB.
    var peakRSSKiB: Int?
    var timedOut: Bool

    var output: String { "exit \(signaled ? "signal " : "")\(status) after \(String(format: "%.2f", seconds)) s\n--- stdout\n\(stdout)--- stderr\n\(stderr)" }

    /// The `pass:` line's fields (`fetched=3 new_cases=2 … peak_rss_mib=41.5`); the last pass line wins.
    var pass: [String: String]? {
        guard let line = stdout.split(separator: "\n").last(where: { $0.hasPrefix("pass:") }) else { return nil }
        var out: [String: String] = [:]
        for word in line.dropFirst(5).split(separator: " ") {
            let kv = word.split(separator: "=", maxSplits: 1)
            if kv.count == 2 { out[String(kv[0])] = String(kv[1]) }
        }
        return out
    }

    /// A whole-number field of the pass line; nil when absent.
    func counter(_ name: String) -> Int? { pass?[name].flatMap { Int($0) } }

    /// A decimal field of the pass line (`peak_rss_mib`); nil when absent.
    func figure(_ name: String) -> Double? { pass?[name].flatMap { Double($0) } }
}

/// A child process with its output in files (no pipe to fill up) and every wait bounded.
///
/// posix_spawn + waitpid rather than Foundation's Process: the child gets only stdin (/dev/null),
/// stdout and stderr. Foundation's Process hands its child a descriptor of its own, the daemons
/// that `mailservers.sh start` leaves behind inherit it, and Process then never sees the script end.
final class LiveProcess: @unchecked Sendable {
    let pid: pid_t
    let outPath: String
    let errPath: String
    let started = Date()
    private var waitStatus: Int32?
    private var peakKiB: Int?

    init(executable: String, _ args: [String], env: [String: String], directory: String) throws {
        let base = NSTemporaryDirectory() + "hotline-live-\(UUID().uuidString)"
        outPath = base + ".out"
        errPath = base + ".err"

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, errPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        // glibc ≥ 2.34 has both; Swift's Glibc module does not declare these GNU extensions.
        guard let closeFrom = Self.closeFrom, let chdir = Self.chdir else {
            throw LiveError("this libc lacks posix_spawn_file_actions_addclosefrom_np/addchdir_np")
        }
        _ = closeFrom(&actions, 3)
        _ = chdir(&actions, directory)

        var attr = posix_spawnattr_t()
        posix_spawnattr_init(&attr)
        defer { posix_spawnattr_destroy(&attr) }
        var none = sigset_t(), all = sigset_t()
        sigemptyset(&none)
        sigfillset(&all)
        posix_spawnattr_setsigmask(&attr, &none)
        posix_spawnattr_setsigdefault(&attr, &all)
        posix_spawnattr_setflags(&attr, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        let environment = ProcessInfo.processInfo.environment.merging(env) { _, new in new }
        let argv: [UnsafeMutablePointer<CChar>?] = ([executable] + args).map { strdup($0) } + [nil]
        let envp: [UnsafeMutablePointer<CChar>?] = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { for p in argv + envp { free(p) } }
        var child = pid_t()
        let rc = posix_spawn(&child, executable, &actions, &attr, argv, envp)
        guard rc == 0 else { throw LiveError("cannot start \(executable): \(String(cString: strerror(rc)))") }
        pid = child
    }

    private typealias CloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32
    private typealias ChDir = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, UnsafePointer<CChar>) -> Int32
    private static let closeFrom = dlsym(nil, "posix_spawn_file_actions_addclosefrom_np").map { unsafeBitCast($0, to: CloseFrom.self) }
    private static let chdir = dlsym(nil, "posix_spawn_file_actions_addchdir_np").map { unsafeBitCast($0, to: ChDir.self) }

    /// Reaps the child if it has ended (waitpid WNOHANG).
    var isRunning: Bool {
        if waitStatus != nil { return false }
        var status: Int32 = 0
        if waitpid(pid, &status, WNOHANG) == pid { waitStatus = status; return false }
        return true
    }

    func signal(_ sig: Int32) { if isRunning { kill(pid, sig) } }

    /// Waits at most `timeout` seconds; samples the peak RSS meanwhile. True when it exited.
    @discardableResult
    func wait(timeout: TimeInterval) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while isRunning {
            sampleRSS()
            if Date() >= deadline { return false }
            usleep(10_000)
        }
        return true
    }

    private func sampleRSS() {
        guard let s = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
              let line = s.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
              let kib = Int(line.split(separator: " ").dropFirst().first ?? "") else { return }
        peakKiB = max(peakKiB ?? 0, kib)
    }

    /// Waits (bounded: SIGKILL after `timeout`), then collects the output and removes the files.
    func finish(timeout: TimeInterval) -> LiveRun {
        var timedOut = false
        if !wait(timeout: timeout) {
            timedOut = true
            signal(SIGKILL)
            wait(timeout: 10)
        }
        let out = (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? ""
        let err = (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? ""
        try? FileManager.default.removeItem(atPath: outPath)
        try? FileManager.default.removeItem(atPath: errPath)
        // The wait status: low 7 bits the signal that ended it (0: it exited), bits 8-15 the exit code.
        let status = waitStatus ?? -1
        let sig = status & 0x7f
        let signaled = waitStatus != nil && sig != 0 && sig != 0x7f
        return LiveRun(status: waitStatus == nil ? -1 : (signaled ? sig : (status >> 8) & 0xff),
                       signaled: signaled, stdout: out, stderr: err, seconds: Date().timeIntervalSince(started),
                       peakRSSKiB: peakKiB, timedOut: timedOut)
    }

    static func run(executable: String, _ args: [String], env: [String: String], directory: String,
                    timeout: TimeInterval) throws -> LiveRun {
        try LiveProcess(executable: executable, args, env: env, directory: directory).finish(timeout: timeout)
    }
}
