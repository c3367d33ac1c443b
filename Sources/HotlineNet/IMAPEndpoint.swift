import Foundation
import HotlineCore

/// Where a mailbox lives: `imap://host:port/INBOX` (STARTTLS required) or `imaps://host:port/INBOX`.
public struct IMAPEndpoint: Sendable, Equatable {
    /// `imap://127.0.0.1:10143` — no path.
    public var server: String
    public var mailbox: String
    public var implicitTLS: Bool

    public struct Invalid: Error, CustomStringConvertible {
        public var description: String
    }

    public init(url: String) throws {
        guard let c = URLComponents(string: url), let scheme = c.scheme?.lowercased(), let host = c.host, !host.isEmpty else {
            throw Invalid(description: "\"\(url)\" is not an IMAP URL like imap://host:port/INBOX")
        }
        guard scheme == "imap" || scheme == "imaps" else {
            throw Invalid(description: "\"\(url)\": only imap:// (with STARTTLS, required) and imaps:// are allowed")
        }
        let hostPart = host.contains(":") && !host.hasPrefix("[") ? "[\(host)]" : host
        server = "\(scheme)://\(hostPart)" + (c.port.map { ":\($0)" } ?? "")
        let path = c.path.trimmingCharacters(in: CharacterSet(charactersIn: "/"))
        mailbox = path.isEmpty ? "INBOX" : path
        implicitTLS = scheme == "imaps"
        guard isPlainMailboxName(mailbox) else { throw Invalid(description: "\"\(url)\": mailbox name must be plain ASCII") }
    }


    /// The mailbox part of a libcurl URL (`INBOX`, percent-encoded).
    var mailboxPath: String {
        mailbox.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? mailbox
    }
}
