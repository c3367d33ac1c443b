/// A write the store refused because it contradicts what it holds.
public struct StoreConflict: Error, CustomStringConvertible {
    public var description: String
    public init(description: String) { self.description = description }
}
