import Foundation
import Crypto
import _CryptoExtras

/// The units the center works with, checked as a whole (issue 4, item 1). Pure.
public struct UnitsRegistry: Sendable {
    public let units: [GovernmentUnit]

    /// One thing wrong with the registry, named so that the clerk who keeps it can mend it.
    public struct Problem: Sendable, Equatable, CustomStringConvertible {
        public var unit: String
        public var message: String
        public var description: String { "\(unit): \(message)" }
    }

    public init(units: [GovernmentUnit]) {
        self.units = units
    }

    public func unit(_ code: String) -> GovernmentUnit? { units.first { $0.code == code } }

    /// The registered tier-2 unit a tier-3 unit answers through (RULES.md §8.8), if any.
    public func parent(of unit: GovernmentUnit) -> GovernmentUnit? { unit.parent.flatMap(self.unit) }

    /// The unit and, for a tier-3 unit, its tier-2 parent: who may sign its replies off.
    public func lineOfSignOff(_ unit: GovernmentUnit) -> [GovernmentUnit] { [unit] + (parent(of: unit).map { [$0] } ?? []) }

    /// The tier-3 units reporting through a tier-2 unit.
    public func children(of code: String) -> [GovernmentUnit] { units.filter { $0.parent == code } }

    /// Every problem: duplicate codes, a tier-3 unit without a registered tier-2 parent, a tier-2
    /// unit with a parent, a bad mail address, a missing leader, a key that is not a usable
    /// RSA (≥ 2048 bits) or P-256 public key.
    public func problems() -> [Problem] {
        var out: [Problem] = []
        var seen: Set<String> = []
        for u in units {
            func problem(_ m: String) { out.append(Problem(unit: u.code.isEmpty ? "(no code)" : u.code, message: m)) }
            if u.code.isEmpty || !u.code.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }) {
                problem("code must be ASCII letters, digits, - or _")
            }
            if !seen.insert(u.code).inserted { problem("code used twice") }
            if u.name.trimmingCharacters(in: .whitespaces).isEmpty { problem("name is empty") }
            let at = u.email.split(separator: "@", omittingEmptySubsequences: false)
            if at.count != 2 || at[0].isEmpty || !at[1].contains(".") || u.email.contains(where: { $0.isWhitespace }) {
                problem("mail address \"\(u.email)\" is not an address")
            }
            switch u.tier {
            case .two:
                if let p = u.parent { problem("a tier-2 unit has no parent, but \"\(p)\" is given") }
            case .three:
                guard let p = u.parent else { problem("a tier-3 unit needs its tier-2 parent (RULES §8.8)"); break }
                guard let parent = unit(p) else { problem("parent \"\(p)\" is not a registered unit"); break }
                if parent.tier != .two { problem("parent \"\(p)\" is not a tier-2 unit") }
            }
            for (role, leader) in [("leader in charge of hotline work", u.leaderInCharge), ("principal leader", u.principalLeader)] {
                guard let leader else { problem("no \(role) (RULES §8.1)"); continue }
                if leader.name.trimmingCharacters(in: .whitespaces).isEmpty { problem("\(role) has no name") }
                guard let pem = leader.publicKeyPEM else {
                    problem("\(role) \(leader.name) has no signing key (\(leader.keySource ?? "public_key not given"))")
                    continue
                }
                if let why = Self.keyProblem(pem) { problem("\(role) \(leader.name): \(why) (\(leader.keySource ?? "key"))") }
            }
        }
        return out
    }

    /// Why a PEM is not a usable signing public key, or nil.
    public static func keyProblem(_ pem: String) -> String? {
        // The unsafe initialiser also reads keys under 2048 bits, so that a short one is named as such.
        if let rsa = try? _RSA.Signing.PublicKey(unsafePEMRepresentation: pem) {
            return rsa.keySizeInBits >= 2048 ? nil : "RSA key of \(rsa.keySizeInBits) bits is too short (2048 at least)"
        }
        if (try? P256.Signing.PublicKey(pemRepresentation: pem)) != nil { return nil }
        if pem.contains("PRIVATE KEY") { return "a private key was registered; register the public key only" }
        return "not a PEM RSA or P-256 public key"
    }
}
