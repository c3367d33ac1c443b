import CCurl
import Foundation

/// A failed libcurl transfer, said plainly for staff: what went wrong and what to check.
public struct CurlFailure: Error, CustomStringConvertible, Sendable {
    public var code: Int
    /// The last reply code of the server (IMAP has none; SMTP 4xx/5xx), 0 if none.
    public var responseCode: Int
    public var detail: String
    public var server: String

    /// Worth trying again later (connection trouble, SMTP 4xx); a 5xx or a refused login is not.
    public var isTransient: Bool {
        if responseCode >= 500 { return false }
        if responseCode >= 400 { return true }
        return ![Int(CURLE_LOGIN_DENIED.rawValue), Int(CURLE_PEER_FAILED_VERIFICATION.rawValue),
                 Int(CURLE_USE_SSL_FAILED.rawValue), Int(CURLE_SSL_CACERT_BADFILE.rawValue),
                 Int(CURLE_URL_MALFORMAT.rawValue), Int(CURLE_UNSUPPORTED_PROTOCOL.rawValue)].contains(code)
    }

    /// Trouble with the server or our credentials rather than with one message.
    public var isServerLevel: Bool {
        [Int(CURLE_LOGIN_DENIED.rawValue), Int(CURLE_PEER_FAILED_VERIFICATION.rawValue), Int(CURLE_USE_SSL_FAILED.rawValue),
         Int(CURLE_SSL_CACERT_BADFILE.rawValue), Int(CURLE_COULDNT_CONNECT.rawValue), Int(CURLE_COULDNT_RESOLVE_HOST.rawValue),
         Int(CURLE_OPERATION_TIMEDOUT.rawValue), Int(CURLE_SSL_CONNECT_ERROR.rawValue)].contains(code)
    }

    public var description: String {
        let hint: String
        switch code {
        case Int(CURLE_LOGIN_DENIED.rawValue): hint = "login denied: check the user and the password"
        case Int(CURLE_PEER_FAILED_VERIFICATION.rawValue): hint = "the server's certificate is not trusted: check ca_file"
        case Int(CURLE_SSL_CACERT_BADFILE.rawValue): hint = "cannot read the CA file: check ca_file"
        case Int(CURLE_USE_SSL_FAILED.rawValue): hint = "the server does not offer STARTTLS, which is required"
        case Int(CURLE_COULDNT_CONNECT.rawValue): hint = "cannot connect: is the server up?"
        case Int(CURLE_OPERATION_TIMEDOUT.rawValue): hint = "the server did not answer in time"
        default: hint = detail
        }
        var s = "\(server): \(hint) (curl \(code)"
        if responseCode > 0 { s += ", server replied \(responseCode)" }
        if !detail.isEmpty, detail != hint { s += ": \(detail)" }
        return s + ")"
    }
}

/// One libcurl easy handle, reused for every transfer to one server in a pass, so that libcurl
/// keeps the connection, the TLS session and the IMAP login (and selected mailbox) open.
/// Not thread-safe: one handle belongs to one thread.
final class CurlHandle {
    struct Options {
        var user: String?
        var password: String?
        var caFile: String?
        /// imap:// and smtp:// must upgrade with STARTTLS (CURLUSESSL_ALL); imaps/smtps are TLS anyway.
        var requireTLS = true
        var connectTimeout = 10
        /// Seconds without progress before a transfer is given up.
        var lowSpeedTime = 60
        /// Seconds one transfer may take in all (0: no limit). The SMTP sender bounds a hand-over
        /// well inside an outgoing mail's claim (IntakeRun.claimSeconds), so a server that trickles
        /// can never hold a mail past its claim.
        var totalTimeout = 0
    }

    /// Where the callbacks put what they get. Travels to C through `Unmanaged`.
    final class Sink {
        var body: [UInt8] = []
        var header: [UInt8] = []
        var serverLines: [String] = []
        var upload: [UInt8] = []
        var uploadOffset = 0
    }

    let handle: UnsafeMutableRawPointer
    let sink = Sink()
    let errorBuffer = UnsafeMutablePointer<CChar>.allocate(capacity: Int(CURL_ERROR_SIZE) + 1)
    let server: String

    static let globalInit: Void = { _ = curl_global_init(Int(CURL_GLOBAL_ALL)) }()

    init(server: String, options: Options) throws {
        _ = CurlHandle.globalInit
        guard let h = curl_easy_init() else {
            throw CurlFailure(code: -1, responseCode: 0, detail: "curl_easy_init failed", server: server)
        }
        handle = h
        self.server = server
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
        if let u = options.user { _ = ccurl_setopt_string(h, CURLOPT_USERNAME, u) }
        if let p = options.password { _ = ccurl_setopt_string(h, CURLOPT_PASSWORD, p) }
        if let ca = options.caFile { _ = ccurl_setopt_string(h, CURLOPT_CAINFO, ca) }
        if options.requireTLS { _ = ccurl_setopt_long(h, CURLOPT_USE_SSL, Int(CURLUSESSL_ALL.rawValue)) }
        _ = ccurl_setopt_long(h, CURLOPT_SSL_VERIFYPEER, 1)
        _ = ccurl_setopt_long(h, CURLOPT_SSL_VERIFYHOST, 2)
        _ = ccurl_setopt_long(h, CURLOPT_NOSIGNAL, 1)
        _ = ccurl_setopt_long(h, CURLOPT_CONNECTTIMEOUT, options.connectTimeout)
        _ = ccurl_setopt_long(h, CURLOPT_LOW_SPEED_LIMIT, 1)
        _ = ccurl_setopt_long(h, CURLOPT_LOW_SPEED_TIME, options.lowSpeedTime)
        if options.totalTimeout > 0 { _ = ccurl_setopt_long(h, CURLOPT_TIMEOUT, options.totalTimeout) }
        // Only the protocols we speak; never follow anything elsewhere.
        _ = ccurl_setopt_string(h, CURLOPT_PROTOCOLS_STR, "imap,imaps,smtp,smtps")
        _ = ccurl_setopt_pointer(h, CURLOPT_ERRORBUFFER, UnsafeMutableRawPointer(errorBuffer))
        let me = Unmanaged.passUnretained(sink).toOpaque()
        _ = ccurl_setopt_write_function(h, curlBodyCallback)
        _ = ccurl_setopt_pointer(h, CURLOPT_WRITEDATA, me)
        _ = ccurl_setopt_header_function(h, curlHeaderCallback)
        _ = ccurl_setopt_pointer(h, CURLOPT_HEADERDATA, me)
        _ = ccurl_setopt_read_function(h, curlReadCallback)
        _ = ccurl_setopt_pointer(h, CURLOPT_READDATA, me)
        _ = ccurl_setopt_debug_function(h, curlDebugCallback)
        _ = ccurl_setopt_pointer(h, CURLOPT_DEBUGDATA, me)
        _ = ccurl_setopt_long(h, CURLOPT_VERBOSE, 1)  // feeds the debug callback: the server's reply lines
    }

    deinit {
        curl_easy_cleanup(handle)
        errorBuffer.deallocate()
    }

    /// Runs one transfer. `customRequest` is for small answers only (ENVIRONMENT.md: libcurl
    /// truncates long untagged lines silently); its untagged answer arrives as the body; `untagged`
    /// holds the protocol lines libcurl passed to the header callback. Bodies come through the URL form.
    /// `expectedSize`: the body's size when known (IMAP RFC822.SIZE), so that a 20 MB message is
    /// received into one buffer of the right size instead of a doubling one (which briefly holds
    /// 1.5× the message twice over).
    @discardableResult
    func perform(url: String, customRequest: String? = nil, expectedSize: Int? = nil) throws -> (body: [UInt8], untagged: [String]) {
        sink.body = []
        if let expectedSize, expectedSize > 0 { sink.body.reserveCapacity(expectedSize) }
        sink.header.removeAll(keepingCapacity: true)
        sink.serverLines.removeAll(keepingCapacity: true)
        errorBuffer[0] = 0
        _ = ccurl_setopt_string(handle, CURLOPT_URL, url)
        if let customRequest {
            _ = ccurl_setopt_string(handle, CURLOPT_CUSTOMREQUEST, customRequest)
        } else {
            _ = ccurl_setopt_pointer(handle, CURLOPT_CUSTOMREQUEST, nil)
        }
        _ = ccurl_setopt_long(handle, CURLOPT_UPLOAD, 0)
        do {
            try check(curl_easy_perform(handle))
        } catch var failure as CurlFailure {
            failure.detail += " [\(customRequest ?? url.split(separator: "/").last.map(String.init) ?? url)]"
            throw failure
        }
        let untagged = String(decoding: sink.header, as: UTF8.self)
            .split(whereSeparator: { $0 == "\r\n" || $0 == "\n" }).map(String.init)
        let body = sink.body
        sink.body = []  // the caller owns the only reference
        return (body, untagged)
    }

    /// Sends one SMTP message; returns the server's last reply line (`250 2.0.0 Ok: queued as …`).
    func sendMail(url: String, from: String, recipients: [String], message: [UInt8]) throws -> String {
        sink.serverLines.removeAll(keepingCapacity: true)
        sink.upload = message
        sink.uploadOffset = 0
        errorBuffer[0] = 0
        var list: UnsafeMutablePointer<curl_slist>?
        for r in recipients { list = curl_slist_append(list, "<\(r)>") }
        defer {
            curl_slist_free_all(list)
            sink.upload = []
        }
        _ = ccurl_setopt_string(handle, CURLOPT_URL, url)
        _ = ccurl_setopt_pointer(handle, CURLOPT_CUSTOMREQUEST, nil)
        _ = ccurl_setopt_string(handle, CURLOPT_MAIL_FROM, "<\(from)>")
        _ = ccurl_setopt_slist(handle, CURLOPT_MAIL_RCPT, list)
        _ = ccurl_setopt_long(handle, CURLOPT_UPLOAD, 1)
        _ = ccurl_setopt_long(handle, CURLOPT_INFILESIZE, message.count)
        let rc = curl_easy_perform(handle)
        _ = ccurl_setopt_slist(handle, CURLOPT_MAIL_RCPT, nil)
        try check(rc)
        return sink.serverLines.last(where: { $0.hasPrefix("2") }) ?? sink.serverLines.last ?? ""
    }

    var responseCode: Int {
        var code = 0
        _ = ccurl_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &code)
        return code
    }

    private func check(_ rc: CURLcode) throws {
        guard rc != CURLE_OK else { return }
        var detail = String(cString: errorBuffer)
        if detail.isEmpty { detail = String(cString: curl_easy_strerror(rc)) }
        if let last = sink.serverLines.last, responseCode >= 400 { detail += " — \(last)" }
        throw CurlFailure(code: Int(rc.rawValue), responseCode: responseCode, detail: detail, server: server)
    }
}

/// Appends what libcurl hands over to one of the sink's buffers; the byte count tells libcurl all was taken.
private func collect(_ ptr: UnsafeMutablePointer<CChar>?, _ size: Int, _ nmemb: Int, _ userdata: UnsafeMutableRawPointer?,
                     into buffer: ReferenceWritableKeyPath<CurlHandle.Sink, [UInt8]>) -> Int {
    guard let ptr, let userdata else { return 0 }
    let sink = Unmanaged<CurlHandle.Sink>.fromOpaque(userdata).takeUnretainedValue()
    sink[keyPath: buffer].append(contentsOf: UnsafeRawBufferPointer(start: ptr, count: size * nmemb))
    return size * nmemb
}

private let curlBodyCallback: ccurl_data_callback = { collect($0, $1, $2, $3, into: \.body) }
private let curlHeaderCallback: ccurl_data_callback = { collect($0, $1, $2, $3, into: \.header) }

private let curlReadCallback: ccurl_data_callback = { ptr, size, nmemb, userdata in
    guard let ptr, let userdata else { return 0 }
    let sink = Unmanaged<CurlHandle.Sink>.fromOpaque(userdata).takeUnretainedValue()
    let n = min(size * nmemb, sink.upload.count - sink.uploadOffset)
    guard n > 0 else { return 0 }
    sink.upload.withUnsafeBytes { src in
        UnsafeMutableRawPointer(ptr).copyMemory(from: src.baseAddress! + sink.uploadOffset, byteCount: n)
    }
    sink.uploadOffset += n
    return n
}

private let curlDebugCallback: ccurl_debug_callback = { _, type, data, size, userdata in
    guard type == CURLINFO_HEADER_IN, let data, let userdata else { return 0 }
    let sink = Unmanaged<CurlHandle.Sink>.fromOpaque(userdata).takeUnretainedValue()
    // Server reply lines (SMTP replies, IMAP tagged/untagged responses); never the password.
    if sink.serverLines.count < 64 {
        let line = String(decoding: UnsafeRawBufferPointer(start: data, count: min(size, 512)), as: UTF8.self)
        sink.serverLines.append(line.trimmingCharacters(in: .whitespacesAndNewlines))
    } else {
        sink.serverLines.removeFirst(32)
    }
    return 0
}
