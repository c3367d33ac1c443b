import Foundation

/// A problem found while parsing a message: bad mail is data, not an error (STYLE.md).
///
/// Modelled on Python's `email.errors` defects and GMime's parser warnings: the parser
/// records what it had to repair and where, and goes on.
public struct MIMEDefect: Sendable, Equatable, Codable {
    /// Stable camel-case name, e.g. "missingCloseBoundary", "invalidBase64Padding".
    public var kind: String
    /// IMAP-style path of the entity ("" = the top-level message).
    public var part: String
    /// Human-readable English explanation.
    public var detail: String
    /// Byte offset in the message when known.
    public var offset: Int?

    public init(kind: String, part: String, detail: String, offset: Int? = nil) {
        self.kind = kind
        self.part = part
        self.detail = detail
        self.offset = offset
    }
}

/// Bounds that keep hostile input from costing more than linear time and memory.
///
/// Each limit, when hit, records a defect and parsing continues in a degraded way
/// (the rest of the entity becomes one leaf); the parser never throws or traps.
public struct ParseLimits: Sendable {
    /// Maximum bytes of one header section (RFC 5322 §2.2); fields beyond it are dropped.
    public var maxHeaderBytes: Int
    /// Maximum nesting of multiparts and embedded messages.
    public var maxDepth: Int
    /// Maximum number of entities in one message.
    public var maxParts: Int

    public init(maxHeaderBytes: Int = 1 << 20, maxDepth: Int = 32, maxParts: Int = 1000) {
        self.maxHeaderBytes = maxHeaderBytes
        self.maxDepth = maxDepth
        self.maxParts = maxParts
    }

    public static let `default` = ParseLimits()
}
