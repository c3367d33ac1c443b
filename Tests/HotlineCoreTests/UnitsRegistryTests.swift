import Crypto
import _CryptoExtras
import HotlineCore
import XCTest

final class UnitsRegistryTests: XCTestCase {
    nonisolated(unsafe) static let rsa = try! _RSA.Signing.PrivateKey(keySize: .bits2048)
    nonisolated(unsafe) static let p256 = P256.Signing.PrivateKey()

    func leader(_ name: String, pem: String? = UnitsRegistryTests.rsa.publicKey.pemRepresentation) -> GovernmentUnit.Leader {
        GovernmentUnit.Leader(name: name, title: "副局长", publicKeyPEM: pem, keySource: pem == nil ? nil : "test")
    }

    func unit(_ code: String, tier: GovernmentUnit.Tier = .two, parent: String? = nil, email: String? = nil,
              inCharge: GovernmentUnit.Leader? = nil, principal: GovernmentUnit.Leader? = nil) -> GovernmentUnit {
        GovernmentUnit(code: code, name: "单位\(code)", tier: tier, parent: parent, email: email ?? "\(code.lowercased())@gov.example",
                       hotlineContact: "0552-3000000", leaderInCharge: inCharge ?? leader("张明"),
                       principalLeader: principal ?? leader("李强", pem: Self.p256.publicKey.pemRepresentation))
    }

    func testAGoodRegistryHasNoProblems() {
        let r = UnitsRegistry(units: [unit("WATER"), unit("BSQ"), unit("BSQ-NS", tier: .three, parent: "BSQ")])
        XCTAssertEqual(r.problems(), [])
        XCTAssertEqual(r.children(of: "BSQ").map(\.code), ["BSQ-NS"])
    }

    func testEveryProblemIsNamed() throws {
        let short = try _RSA.Signing.PrivateKey(unsafeKeySize: .init(bitCount: 1024))
        let table: [(GovernmentUnit, String)] = [
            (unit("T3", tier: .three), "needs its tier-2 parent"),
            (unit("T3B", tier: .three, parent: "NOPE"), "is not a registered unit"),
            (unit("T3C", tier: .three, parent: "T3D"), "is not a tier-2 unit"),
            (unit("T2", parent: "WATER"), "a tier-2 unit has no parent"),
            (unit("MAIL", email: "not an address"), "is not an address"),
            (unit("NOKEY", inCharge: leader("王五", pem: nil)), "has no signing key"),
            (unit("BADKEY", inCharge: leader("王五", pem: "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n")),
             "not a PEM RSA or P-256 public key"),
            (unit("SHORT", inCharge: leader("王五", pem: short.publicKey.pemRepresentation)), "too short"),
            (unit("PRIV", inCharge: leader("王五", pem: Self.p256.pemRepresentation)), "private key was registered"),
            (unit("bad code!"), "code must be"),
        ]
        let extra = [unit("WATER"), unit("T3D", tier: .three, parent: "WATER")]
        for (u, needle) in table {
            let problems = UnitsRegistry(units: extra + [u]).problems().filter { $0.unit == u.code }
            XCTAssertTrue(problems.contains { $0.message.contains(needle) }, "\(u.code): \(problems)")
        }
        XCTAssertTrue(UnitsRegistry(units: [unit("A"), unit("A")]).problems().contains { $0.message == "code used twice" })
        var noLeader = unit("NL")
        noLeader.principalLeader = nil
        XCTAssertTrue(UnitsRegistry(units: [noLeader]).problems().contains { $0.message.contains("no principal leader") })
    }
}
