import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A child process in its own process group, output to files, waited for with a deadline.
///
/// No shell: the executable is an absolute path and the arguments go to it as they are. The
/// group is killed on timeout (LibreOffice's oosplash *and* soffice.bin) and once more after a
/// normal exit, so that nothing the child left behind keeps running. Shared by
/// `LibreOfficeConverter` and `ToolRunner`.
enum ChildProcess {
    enum Outcome: Equatable { case exited(Int32), timedOut }

    /// The child could not be started or waited for.
    struct LaunchError: Error, Equatable { var message: String }

    /// Runs `executable` with `arguments`; standard output to `outputPath`, standard error to
    /// `errorPath` (nil: the same file), standard input from /dev/null; `environment` nil keeps
    /// ours. The working directory stays ours: callers pass absolute paths.
    static func run(_ executable: String, _ arguments: [String], outputPath: String, errorPath: String? = nil,
                    environment: [String]? = nil, timeout: Int) throws(LaunchError) -> Outcome {
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
        posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        if let errorPath {
            posix_spawn_file_actions_addopen(&actions, 2, errorPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        } else {
            posix_spawn_file_actions_adddup2(&actions, 1, 2)
        }

        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        let envp: [UnsafeMutablePointer<CChar>?]? = environment.map { $0.map { strdup($0) } + [nil] }
        defer { envp?.forEach { free($0) } }
        var pid = pid_t()
        let spawned: Int32
        if let envp {
            spawned = posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
        } else {
            spawned = posix_spawn(&pid, executable, &actions, &attributes, argv, environ)
        }
        guard spawned == 0 else { throw LaunchError(message: "cannot start \(executable): errno \(spawned)") }

        let deadline = Date().addingTimeInterval(TimeInterval(timeout))
        var status: Int32 = 0
        while true {
            let waited = waitpid(pid, &status, WNOHANG)
            if waited == pid { break }
            if waited == -1 && errno != EINTR {
                kill(-pid, SIGKILL)
                throw LaunchError(message: "waitpid: errno \(errno)")
            }
            if Date() >= deadline {
                kill(-pid, SIGKILL)  // the whole group
                _ = waitpid(pid, &status, 0)
                return .timedOut
            }
            usleep(5_000)
        }
        kill(-pid, SIGKILL)  // anything of ours the child left behind in its group; ESRCH when none
        // Exited normally: WIFEXITED / WEXITSTATUS, spelled out (the C macros do not import).
        if status & 0x7F == 0 { return .exited((status >> 8) & 0xFF) }
        return .exited(128 + (status & 0x7F))
    }
}
