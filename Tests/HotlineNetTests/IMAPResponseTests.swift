@testable import HotlineNet
import XCTest

final class IMAPResponseTests: XCTestCase {
    func testSearchStatusCapability() {
        XCTAssertEqual(IMAPResponse.searchUIDs(["* SEARCH 3 5 8", "* SEARCH", "* OK x", "* SEARCH 13"]), [3, 5, 8, 13])
        XCTAssertEqual(IMAPResponse.status(["* STATUS \"INBOX\" (MESSAGES 2 UIDNEXT 45 UIDVALIDITY 1700000000)"]),
                       ["MESSAGES": 2, "UIDNEXT": 45, "UIDVALIDITY": 1_700_000_000])
        XCTAssertEqual(IMAPResponse.status(["* STATUS INBOX (garbage"]), [:])
        XCTAssertTrue(IMAPResponse.capabilities(["* CAPABILITY IMAP4rev1 UIDPLUS move"]).contains("MOVE"))
    }

    func testSizes() {
        XCTAssertEqual(IMAPResponse.sizes(["* 1 FETCH (UID 54 RFC822.SIZE 451)", "* 2 FETCH (RFC822.SIZE 9 UID 55)",
                                           "* 3 FETCH (FLAGS (\\Seen))", "* OK done"]), [54: 451, 55: 9])
    }

    func testSequenceSets() {
        let table: [([UInt32], String)] = [
            ([], ""), ([7], "7"), ([1, 2, 3], "1:3"), ([3, 1, 2, 7, 9, 10], "1:3,7,9:10"), ([5, 5, 6], "5:6"),
        ]
        for (uids, set) in table { XCTAssertEqual(IMAPResponse.sequenceSet(uids), set) }
        XCTAssertEqual(IMAPResponse.quoted("Pro\"c\\"), "\"Pro\\\"c\\\\\"")
    }

    func testEndpoints() throws {
        let e = try IMAPEndpoint(url: "imap://127.0.0.1:10143/INBOX")
        XCTAssertEqual(e.server, "imap://127.0.0.1:10143")
        XCTAssertEqual(e.mailbox, "INBOX")
        XCTAssertFalse(e.implicitTLS)
        XCTAssertTrue(try IMAPEndpoint(url: "imaps://[::1]:10993/").implicitTLS)
        XCTAssertEqual(try IMAPEndpoint(url: "imaps://[::1]:10993/").server, "imaps://[::1]:10993")
        for bad in ["http://h/INBOX", "pop3://h", "imap:///INBOX", "INBOX", "imap://h/IN\"BOX"] {
            XCTAssertThrowsError(try IMAPEndpoint(url: bad), bad)
        }
        XCTAssertThrowsError(try SMTPAccount(url: "http://h", ehloName: "x", user: nil, password: nil, caFile: nil, from: "a@b"))
        XCTAssertNoThrow(try SMTPAccount(url: "smtps://h:465", ehloName: "x", user: nil, password: nil, caFile: nil, from: "a@b"))
    }

    func testFailuresSayWhatToCheck() {
        let login = CurlFailure(code: 67, responseCode: 0, detail: "Login denied", server: "mailbox m")
        XCTAssertTrue(login.description.contains("login denied"))
        XCTAssertFalse(login.isTransient)
        XCTAssertTrue(login.isServerLevel)
        XCTAssertTrue(CurlFailure(code: 60, responseCode: 0, detail: "", server: "s").description.contains("not trusted"))
        XCTAssertTrue(CurlFailure(code: 7, responseCode: 0, detail: "", server: "s").isTransient)
        XCTAssertFalse(CurlFailure(code: 55, responseCode: 550, detail: "", server: "s").isTransient)
        XCTAssertTrue(CurlFailure(code: 55, responseCode: 451, detail: "", server: "s").isTransient)
    }
}
