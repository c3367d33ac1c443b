import Foundation

/// What intake decides about a new matter, each decision with the rule that fired.
public struct Classification: Sendable, Equatable {
    public var scope: Decided<ScopeDecision>
    /// For an out-of-scope matter: the body to guide the person to.
    public var guidance: String?
    public var kind: Decided<MatterKind>
    public var handlingClass: Decided<HandlingClass>
    public var keyMatter: Decided<Bool>
}

/// Applies `IntakeRules` to a matter's subject and text (RULES.md §3). Pure.
public struct Classifier: Sendable {
    public var rules: IntakeRules

    public init(rules: IntakeRules = .default) {
        self.rules = rules
    }

    /// Classifies a matter. `declaredKind` is the type the mailbox web form states (`来信类型：批评`),
    /// which outranks keywords.
    public func classify(subject: String, text: String, declaredKind: String? = nil) -> Classification {
        let fields = [("subject", ByteSearch(subject)), ("text", ByteSearch(text))]

        var scope = Decided(ScopeDecision.accepted, rule: "scope.default: no out-of-scope keyword")
        var guidance: String?
        search: for rule in rules.outOfScope {
            for (field, value) in fields {
                if let k = rule.keywords.first(where: { value.contains($0) }) {
                    scope = Decided(.outOfScope(category: rule.category), rule: "scope.\(rule.category): \(field) contains \"\(k)\"")
                    guidance = rule.guidance
                    break search
                }
            }
        }

        let kind = classifyKind(fields, declaredKind: declaredKind)

        var handling: Decided<HandlingClass>?
        emergency: for rule in rules.emergencies {
            for (field, value) in fields {
                if let k = rule.keywords.first(where: { value.contains($0) }) {
                    handling = Decided(rule.value, rule: "class.\(rule.value.rawValue): \(field) contains \"\(k)\"")
                    break emergency
                }
            }
        }
        let handlingClass = handling ?? Decided(rules.classByKind[kind.value] ?? .routine,
                                                rule: "class.by-kind: \(kind.value.rawValue)")

        var key = Decided(false, rule: "key.default: no key-matter keyword")
        if rules.majorEmergencyIsKeyMatter, handlingClass.value == .majorEmergency {
            key = Decided(true, rule: "key.major-emergency")
        } else {
            keyword: for (field, value) in fields {
                if let k = rules.keyMatterKeywords.first(where: { value.contains($0) }) {
                    key = Decided(true, rule: "key.keyword: \(field) contains \"\(k)\"")
                    break keyword
                }
            }
        }
        return Classification(scope: scope, guidance: guidance, kind: kind, handlingClass: handlingClass, keyMatter: key)
    }

    private func classifyKind(_ fields: [(String, ByteSearch)], declaredKind: String?) -> Decided<MatterKind> {
        if let declared = declaredKind?.trimmingCharacters(in: .whitespaces), !declared.isEmpty,
           let kind = MatterKind.allCases.first(where: { declared.contains($0.chinese) || declared == $0.rawValue }) {
            return Decided(kind, rule: "kind.form-field: 来信类型 \(declared)")
        }
        for (field, value) in fields {
            for rule in rules.kinds {
                if let k = rule.keywords.first(where: { value.contains($0) }) {
                    return Decided(rule.value, rule: "kind.\(rule.value.rawValue): \(field) contains \"\(k)\"")
                }
            }
        }
        return Decided(rules.defaultKind, rule: "kind.default")
    }
}
