import HotlineXML
import XCTest

final class LibXML2Tests: XCTestCase {
    func testLinksTheSystemLibXML2() {
        XCTAssertTrue(LibXML2.version.hasPrefix("2"), LibXML2.version)
    }
}
