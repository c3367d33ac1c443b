import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The throw-away Dovecot + Postfix of `scripts/mailservers.sh`, started for the live tests.
///
/// Everything listens on 127.0.0.1. The ports are the script's defaults (10143, 10993, 10025,
/// 10465) when they are free, else four free ones the kernel hands out, so a developer's own
/// servers on the default ports do not stop the suite; `HOTLINE_LIVE_PORTS=imap,imaps,smtp,smtps`
/// fixes them.
final class LiveMailServers: @unchecked Sendable {
    static let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static var script: String { repo.path + "/scripts/mailservers.sh" }

    /// The mail uid/gid the script gives the Maildirs (nobody:nogroup).
    static let mailUID: UInt32 = 65534

    let dir: String
    let env: [String: String]

    var imapURL: String { env["IMAP_URL"] ?? "" }
    var imapsURL: String { env["IMAPS_URL"] ?? "" }
    var smtpURL: String { env["SMTP_URL"] ?? "" }
    var smtpsURL: String { env["SMTPS_URL"] ?? "" }
    var caFile: String { env["CA_FILE"] ?? "" }
    var wrongCAFile: String { env["WRONG_CA_FILE"] ?? "" }
    var password: String { env["MAIL_PASS"] ?? "secret" }
    var sinkMaildir: String { env["SINK_MAILDIR"] ?? dir + "/mail/sink/Maildir" }

    /// Why the live tests cannot run here, or nil.
    static func unavailableReason() -> String? {
        if getuid() != 0 { return "live mail tests need root (dovecot and postfix switch users); running as uid \(getuid())" }
        for tool in ["dovecot", "postfix"] where which(tool) == nil {
            return "live mail tests need '\(tool)' (apt-get install dovecot-imapd postfix; see scripts/install-deps.sh)"
        }
        return nil
    }

    static func which(_ tool: String) -> String? {
        let path = (ProcessInfo.processInfo.environment["PATH"] ?? "") + ":/usr/sbin:/sbin"
        for d in path.split(separator: ":") where FileManager.default.isExecutableFile(atPath: "\(d)/\(tool)") {
            return "\(d)/\(tool)"
        }
        return nil
    }

    /// Starts both servers in DIR with the given extra IMAP users; throws with the script's output.
    init(dir: String, users: [String]) throws {
        self.dir = dir
        let ports = try Self.choosePorts()
        let scriptEnv = ["IMAP_PORT": "\(ports[0])", "IMAPS_PORT": "\(ports[1])", "SMTP_PORT": "\(ports[2])",
                         "SMTPS_PORT": "\(ports[3])", "EXTRA_USERS": users.joined(separator: " ")]
        let r = try Self.script(["start", dir], env: scriptEnv, timeout: 60)
        guard r.status == 0 else {
            _ = try? Self.script(["stop", dir], env: scriptEnv, timeout: 60)  // whatever did start
            throw LiveError("mailservers.sh start failed (\(r.status)):\n\(r.stdout)\n\(r.stderr)")
        }
        var env: [String: String] = [:]
        for line in r.stdout.split(separator: "\n") {
            guard let eq = line.firstIndex(of: "=") else { continue }
            env[String(line[..<eq])] = String(line[line.index(after: eq)...])
        }
        self.env = env.merging(scriptEnv) { a, _ in a }
        guard !imapURL.isEmpty, !smtpURL.isEmpty, !caFile.isEmpty else {
            throw LiveError("mailservers.sh start printed no IMAP_URL/SMTP_URL/CA_FILE:\n\(r.stdout)")
        }
    }

    func stop() -> String? {
        let r = try? Self.script(["stop", dir], env: portEnv, timeout: 60)
        return r?.status == 0 ? nil : "mailservers.sh stop: \(r?.stderr ?? "did not run")"
    }

    /// The script's port variables, which `stop` needs to find the ports to wait for.
    var portEnv: [String: String] {
        ["IMAP_PORT": env["IMAP_PORT"] ?? "", "IMAPS_PORT": env["IMAPS_PORT"] ?? "",
         "SMTP_PORT": env["SMTP_PORT"] ?? "", "SMTPS_PORT": env["SMTPS_PORT"] ?? ""]
    }

    /// `mailservers.sh load`: COUNT small unseen messages numbered from START into USER's INBOX.
    /// Message n comes from `citizen<n>@example.test` with Message-ID `<load-<n>.<time>@example.test>`.
    func load(user: String, count: Int, start: Int) throws {
        let r = try Self.script(["load", dir, user, "\(count)", "\(start)"], env: portEnv, timeout: 120)
        guard r.status == 0 else { throw LiveError("mailservers.sh load failed:\n\(r.stderr)") }
    }

    // MARK: Maildirs

    func maildir(_ user: String) -> String { dir + "/mail/\(user)/Maildir" }

    /// Messages in a folder of USER's Maildir++ ("INBOX", or a folder name such as "Processed").
    func count(_ user: String, _ folder: String = "INBOX") -> Int {
        let base = folder == "INBOX" ? maildir(user) : maildir(user) + "/." + folder
        return ["cur", "new"].reduce(0) { n, sub in
            n + ((try? FileManager.default.contentsOfDirectory(atPath: base + "/" + sub))?.count ?? 0)
        }
    }

    /// Empties USER's INBOX and the given folders (files only; Dovecot re-reads the directories).
    func clear(_ user: String, folders: [String] = ["Processed", "Quarantine"]) {
        for folder in ["INBOX"] + folders {
            let base = folder == "INBOX" ? maildir(user) : maildir(user) + "/." + folder
            for sub in ["cur", "new"] {
                for name in (try? FileManager.default.contentsOfDirectory(atPath: base + "/" + sub)) ?? [] {
                    try? FileManager.default.removeItem(atPath: base + "/" + sub + "/" + name)
                }
            }
        }
    }

    /// Puts one message file into USER's INBOX `new/`, owned by the mail uid as Dovecot delivers it.
    func deliver(_ message: Data, to user: String) throws -> String {
        let name = "\(Int(Date().timeIntervalSince1970)).M\(UInt32.random(in: 0 ... .max))P\(getpid()).hotline-live,S=\(message.count)"
        let path = maildir(user) + "/new/" + name
        try message.write(to: URL(fileURLWithPath: path))
        guard chown(path, Self.mailUID, Self.mailUID) == 0, chmod(path, 0o600) == 0 else { throw LiveError("chown \(path) failed") }
        return path
    }

    /// For each citizen number found in the header of a mail in the sink, how many mails name it.
    /// The acknowledgements go to `citizen<n>@example.test`; every test loads its own range of n.
    func sinkRecipients(in range: ClosedRange<Int>) -> [Int: Int] {
        var seen: [Int: Int] = [:]
        for sub in ["new", "cur"] {
            let d = sinkMaildir + "/" + sub
            for name in (try? FileManager.default.contentsOfDirectory(atPath: d)) ?? [] {
                guard let h = Self.header(of: d + "/" + name) else { continue }
                var numbers = Set<Int>()
                var rest = h[...]
                while let r = rest.range(of: "citizen") {
                    let digits = rest[r.upperBound...].prefix { $0.isASCII && $0.isNumber }
                    let after = rest[r.upperBound...].dropFirst(digits.count)
                    if let n = Int(digits), after.hasPrefix("@example.test"), range.contains(n) { numbers.insert(n) }
                    rest = rest[r.upperBound...]
                }
                for n in numbers { seen[n, default: 0] += 1 }
            }
        }
        return seen
    }

    /// Waits (at most `timeout` seconds) until the sink holds mail for `expected` distinct numbers of the range.
    func waitForSink(_ range: ClosedRange<Int>, expected: Int, timeout: TimeInterval) -> [Int: Int] {
        let deadline = Date().addingTimeInterval(timeout)
        var seen = sinkRecipients(in: range)
        while seen.count < expected, Date() < deadline {
            usleep(200_000)
            seen = sinkRecipients(in: range)
        }
        return seen
    }

    /// The header section of a mail file (up to the first empty line), unfolded; nil if unreadable.
    static func header(of path: String) -> String? {
        guard let fh = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? fh.close() }
        let data = fh.readData(ofLength: 64 * 1024)
        var text = String(decoding: data, as: UTF8.self).replacingOccurrences(of: "\r\n", with: "\n")
        if let end = text.range(of: "\n\n") { text = String(text[..<end.lowerBound]) }
        return text.replacingOccurrences(of: "\n ", with: " ").replacingOccurrences(of: "\n\t", with: " ")
    }

    // MARK: Ports and the script

    static func choosePorts() throws -> [Int] {
        if let fixed = ProcessInfo.processInfo.environment["HOTLINE_LIVE_PORTS"] {
            let p = fixed.split(separator: ",").compactMap { Int($0) }
            guard p.count == 4 else { throw LiveError("HOTLINE_LIVE_PORTS must be four ports: imap,imaps,smtp,smtps") }
            return p
        }
        let defaults = [10143, 10993, 10025, 10465]
        if defaults.allSatisfy(portIsFree) { return defaults }
        var ports: [Int] = []
        while ports.count < 4 {
            let p = try freePort()
            if !ports.contains(p) { ports.append(p) }
        }
        return ports
    }

    static func portIsFree(_ port: Int) -> Bool { (try? bind(port: port)) != nil }

    /// A port on 127.0.0.1 nobody listens on: bind port 0 and read what the kernel chose.
    static func freePort() throws -> Int { try bind(port: 0) }

    private static func bind(port: Int) throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw LiveError("socket() failed") }
        defer { close(fd) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = in_port_t(UInt16(port).bigEndian)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        let ok = withUnsafeMutablePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { p in
                Glibc.bind(fd, p, len) == 0 && getsockname(fd, p, &len) == 0
            }
        }
        guard ok else { throw LiveError("port \(port) is taken") }
        return Int(UInt16(bigEndian: addr.sin_port))
    }

    static func script(_ args: [String], env: [String: String], timeout: TimeInterval) throws -> LiveRun {
        try LiveProcess.run(executable: "/bin/bash", [script] + args, env: env, directory: repo.path, timeout: timeout)
    }
}

struct LiveError: Error, CustomStringConvertible {
    var description: String
    init(_ d: String) { description = d }
}
