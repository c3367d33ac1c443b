import Foundation
import HotlineCore

/// The SMTP server mail goes out through, as the configuration gives it.
public struct SMTPAccount: Sendable {
    /// `smtp://host:port` (STARTTLS required) or `smtps://host:port`.
    public var url: String
    /// The name we greet with (EHLO); libcurl takes it from the URL path.
    public var ehloName: String
    public var user: String?
    public var password: String?
    public var caFile: String?
    /// The envelope sender (MAIL FROM).
    public var from: String

    public init(url: String, ehloName: String, user: String?, password: String?, caFile: String?, from: String) throws {
        guard let c = URLComponents(string: url), let scheme = c.scheme?.lowercased(), scheme == "smtp" || scheme == "smtps",
              c.host?.isEmpty == false else {
            throw IMAPEndpoint.Invalid(description: "\"\(url)\": only smtp:// (with STARTTLS, required) and smtps:// are allowed")
        }
        self.url = url
        self.ehloName = ehloName
        self.user = user
        self.password = password
        self.caFile = caFile
        self.from = from
    }
}

/// Sends spooled mail over SMTP through libcurl, one reused connection per pass (issue 3).
///
/// The proof of handing over is the server's reply to the end of DATA (`250 2.0.0 Ok: queued
/// as 4Xyz`). 4xx replies and connection trouble are transient (the spool retries with backoff);
/// 5xx is permanent. The unavoidable window: if the process dies after the server has accepted
/// DATA and before the store records it, the message is sent again on the next pass (SMTP has
/// no way to ask "did you take this?"); it carries the same Message-ID, so mail clients show one.
///
/// `@unchecked Sendable` stays, with a rule instead of a lock: the reused libcurl easy handle must
/// never be used by two threads at once (libcurl forbids it), and a sender is driven by one thread
/// at a time — `IntakeRun` sends the spool from its own thread only, after the mailboxes' threads
/// are done. A lock would hide a second concurrent user rather than stop it.
public final class SMTPMailSender: MailSender, @unchecked Sendable {
    public let account: SMTPAccount
    var handle: CurlHandle?

    public init(account: SMTPAccount) {
        self.account = account
    }

    var sendURL: String {
        let base = account.url.hasSuffix("/") ? String(account.url.dropLast()) : account.url
        return "\(base)/\(account.ehloName)"
    }

    public func send(_ mail: OutgoingMail) throws -> String {
        do {
            let h = try handle ?? makeHandle()
            handle = h
            return try h.sendMail(url: sendURL, from: account.from, recipients: mail.recipients, message: mail.raw)
        } catch let failure as CurlFailure {
            // No connection, a refused login or an untrusted certificate concern the server, not this
            // message: the whole spool waits. A 5xx to this message's envelope or data is for good.
            let serverLevel = failure.responseCode == 0 || failure.isServerLevel
            if serverLevel { handle = nil }
            throw DeliveryFailure(permanent: !serverLevel && failure.responseCode >= 500, serverUnreachable: serverLevel,
                                  description: failure.description)
        }
    }

    func makeHandle() throws -> CurlHandle {
        var options = CurlHandle.Options()
        options.user = account.user
        options.password = account.password
        options.caFile = account.caFile
        options.requireTLS = !account.url.lowercased().hasPrefix("smtps:")
        options.totalTimeout = 120  // one message; its claim in the store lasts 300 s
        return try CurlHandle(server: "SMTP \(account.url)", options: options)
    }
}
