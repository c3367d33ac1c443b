/// Bounds a parse stays within, whatever the input claims.
///
/// Hostile XML attacks memory and stack through sheer size, nesting and node count. hotline checks
/// these itself (the input length before parsing, depth and element count as each start tag
/// arrives) rather than relying on libxml2's built-in caps, which differ between versions.
public struct XMLLimits: Sendable, Equatable {
    /// The largest input accepted, in bytes. Default 8 MiB.
    public var maxBytes: Int
    /// The deepest element nesting accepted; the root element is depth 1. Default 256.
    public var maxDepth: Int
    /// The most elements accepted in one document. Default 200,000.
    public var maxElements: Int

    public init(maxBytes: Int = 8 * 1024 * 1024, maxDepth: Int = 256, maxElements: Int = 200_000) {
        self.maxBytes = maxBytes
        self.maxDepth = maxDepth
        self.maxElements = maxElements
    }
}
