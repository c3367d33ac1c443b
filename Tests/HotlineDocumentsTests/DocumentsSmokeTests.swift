import HotlineDocuments
import XCTest

final class DocumentsSmokeTests: XCTestCase {
    func testModuleLinks() {}
}
