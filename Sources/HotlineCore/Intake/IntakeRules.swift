/// The configurable rules intake applies to a new matter (RULES.md §3).
///
/// Keyword rules are plain substrings matched against the subject first, then the text: simple
/// enough that a clerk can read and change them in `hotline.toml`, and each decision records the
/// rule that fired. The defaults are what the norms imply; see `IntakeRules+Defaults.swift`.
public struct IntakeRules: Sendable, Equatable {
    /// A category of matter the center does not accept, and where to send the person instead.
    public struct OutOfScope: Sendable, Equatable {
        public var category: String
        public var keywords: [String]
        /// The body the guidance reply points to (`人民法院`, `信访部门`…).
        public var guidance: String

        public init(category: String, keywords: [String], guidance: String) {
            self.category = category
            self.keywords = keywords
            self.guidance = guidance
        }
    }

    public struct KeywordRule<Value: Sendable & Equatable>: Sendable, Equatable {
        public var value: Value
        public var keywords: [String]

        public init(_ value: Value, _ keywords: [String]) {
            self.value = value
            self.keywords = keywords
        }
    }

    /// Checked in order; the first category with a matching keyword decides.
    public var outOfScope: [OutOfScope]
    /// Checked in order against the subject, then the text; else `defaultKind`.
    public var kinds: [KeywordRule<MatterKind>]
    public var defaultKind: MatterKind
    /// Emergency keywords, checked in order (major before general).
    public var emergencies: [KeywordRule<HandlingClass>]
    /// The class a kind implies when no emergency keyword fires (RULES.md §3: complaints about
    /// units or people, reports, reasoned suggestions are complex; consultations routine).
    public var classByKind: [MatterKind: HandlingClass]
    /// Words that make a matter a key matter (重点事项, RULES.md §3): groups, wide impact.
    public var keyMatterKeywords: [String]
    /// A major emergency is always a key matter.
    public var majorEmergencyIsKeyMatter: Bool

    public init(outOfScope: [OutOfScope], kinds: [KeywordRule<MatterKind>], defaultKind: MatterKind,
                emergencies: [KeywordRule<HandlingClass>], classByKind: [MatterKind: HandlingClass],
                keyMatterKeywords: [String], majorEmergencyIsKeyMatter: Bool) {
        self.outOfScope = outOfScope
        self.kinds = kinds
        self.defaultKind = defaultKind
        self.emergencies = emergencies
        self.classByKind = classByKind
        self.keyMatterKeywords = keyMatterKeywords
        self.majorEmergencyIsKeyMatter = majorEmergencyIsKeyMatter
    }
}
