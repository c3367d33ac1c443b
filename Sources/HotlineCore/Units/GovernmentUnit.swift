/// A government unit (单位) the center hands work to (RULES.md §1): tier 2 (districts, departments,
/// utilities) or tier 3 (townships, street offices, sub-units), which answer up through their
/// tier-2 parent (§8.8).
public struct GovernmentUnit: Sendable, Equatable {
    public enum Tier: Int, Sendable, Codable {
        case two = 2
        case three = 3
    }

    /// A leader who signs off replies (§8.1): the one in charge of hotline work, or the principal
    /// leader for heavy items. The key is the one the unit registered; signatures are checked
    /// against it alone, never against a key a document carries.
    public struct Leader: Sendable, Equatable {
        public var name: String
        public var title: String
        /// PEM of the signing public key (`-----BEGIN PUBLIC KEY-----`), as registered.
        public var publicKeyPEM: String?
        /// Where the PEM came from, for messages.
        public var keySource: String?
        /// Where the leader is copied when the center escalates (supervision round 2); nil: not copied.
        public var email: String?

        public init(name: String, title: String, publicKeyPEM: String?, keySource: String?, email: String? = nil) {
            self.name = name
            self.title = title
            self.publicKeyPEM = publicKeyPEM
            self.keySource = keySource
            self.email = email
        }
    }

    public var code: String
    public var name: String
    public var tier: Tier
    /// The tier-2 unit a tier-3 unit reports through.
    public var parent: String?
    public var email: String
    public var hotlineContact: String?
    public var leaderInCharge: Leader?
    public var principalLeader: Leader?

    public init(code: String, name: String, tier: Tier, parent: String?, email: String, hotlineContact: String?,
                leaderInCharge: Leader?, principalLeader: Leader?) {
        self.code = code
        self.name = name
        self.tier = tier
        self.parent = parent
        self.email = email
        self.hotlineContact = hotlineContact
        self.leaderInCharge = leaderInCharge
        self.principalLeader = principalLeader
    }
}
